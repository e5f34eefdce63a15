namespace Modulo.Perf.Build;

/// <summary>
/// The engine's exit codes by name, mirroring src/Modulo.Perf.Engine/Outcome/ExitCodes.cs (docs/engine.md): the task
/// runs the engine as a process and never loads its assembly, so it keeps its own copy, and a test holds the two equal.
/// </summary>
public static class EngineExitCodes
{
    public const int Pass = 0;
    public const int Regression = 1;
    public const int SloViolation = 2;
    public const int InvalidConfiguration = 3;
    public const int TargetUnreachable = 4;
    public const int InternalError = 5;
    public const int Interrupted = 130;
    public const int Terminated = 143;
}
