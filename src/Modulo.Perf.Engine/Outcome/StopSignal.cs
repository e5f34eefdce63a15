namespace Modulo.Perf.Engine.Outcome;

/// <summary>The signal that interrupted a run; it decides the exit code, as a shell would report it.</summary>
public enum StopSignal { Interrupt, Terminate }

public static class StopSignalExtensions
{
    public static int ExitCode(this StopSignal signal) =>
        signal == StopSignal.Interrupt ? ExitCodes.Interrupted : ExitCodes.Terminated;

    public static string Name(this StopSignal signal) => signal == StopSignal.Interrupt ? "SIGINT" : "SIGTERM";
}
