namespace Modulo.Perf.Engine.Outcome;

/// <summary>The command's exit codes: a contract that CI scripts and the MSBuild task depend on.</summary>
public static class ExitCodes
{
    public const int Pass = 0;
    public const int Regression = 1;
    public const int SloViolation = 2;
    public const int InvalidConfiguration = 3;
    public const int TargetUnreachable = 4;
    /// <summary>A defect of the engine itself: something it did not expect. results.json says what.</summary>
    public const int InternalError = 5;
    /// <summary>128 + SIGINT, as shells report a process ended by Ctrl+C.</summary>
    public const int Interrupted = 130;
    /// <summary>128 + SIGTERM, as shells report a process ended by <c>kill</c>.</summary>
    public const int Terminated = 143;
}
