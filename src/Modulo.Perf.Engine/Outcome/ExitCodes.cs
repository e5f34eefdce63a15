namespace Modulo.Perf.Engine.Outcome;

/// <summary>The command's exit codes: a contract that CI scripts and the MSBuild task depend on.</summary>
public static class ExitCodes
{
    public const int Pass = 0;
    public const int Regression = 1;
    public const int SloViolation = 2;
    public const int InvalidConfiguration = 3;
    public const int TargetUnreachable = 4;
}
