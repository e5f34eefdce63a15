namespace Modulo.Perf.Build;

/// <summary>
/// Whether the engine can read the service's runtime counters: the .NET process to attach to over the
/// diagnostics IPC (<c>--service-pid</c>), the diagnostic port socket a containerised service connects to
/// (<c>--service-diagnostic-port</c>, <c>PerfGateServiceDiagnosticPort</c>), or why there is neither.
/// </summary>
public sealed record CounterAttachment(int? ProcessId, string? DiagnosticPort, string? Unavailable)
{
    public static CounterAttachment To(int processId) => new(processId, null, null);

    public static CounterAttachment ThroughPort(string socketPath) => new(null, socketPath, null);

    public static CounterAttachment None(string why) => new(null, null, why);
}
