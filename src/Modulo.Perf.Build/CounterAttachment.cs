namespace Modulo.Perf.Build;

/// <summary>
/// Whether the engine can read the service's runtime counters: the .NET process to attach to over the
/// diagnostics IPC (<c>--service-pid</c>), or why there is none.
/// </summary>
public sealed record CounterAttachment(int? ProcessId, string? Unavailable)
{
    public static CounterAttachment To(int processId) => new(processId, null);

    public static CounterAttachment None(string why) => new(null, why);
}
