namespace Modulo.Perf.Engine.Execution;

/// <summary>
/// What the load generator itself spent while the load ran: CPU, allocations, collections. Reported so a user
/// can tell a slow service from a saturated generator, and so benchmarks can show the hot path allocates nothing.
/// CPU comes from <see cref="Environment.CpuUsage"/>: <c>Process.GetCurrentProcess()</c> would load
/// System.Diagnostics.Process and its dependencies into every run for one number.
/// </summary>
public sealed record EngineUsage(double CpuSeconds, long AllocatedBytes, int Gen0Collections, int Gen1Collections, int Gen2Collections)
{
    /// <summary>Starts measuring; <see cref="Meter.Stop"/> returns what was spent since.</summary>
    public static Meter Start() => new(
        Environment.CpuUsage.TotalTime,
        GC.GetTotalAllocatedBytes(precise: true),
        GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));

    public readonly record struct Meter(TimeSpan Cpu, long Allocated, int Gen0, int Gen1, int Gen2)
    {
        public EngineUsage Stop() => new(
            (Environment.CpuUsage.TotalTime - Cpu).TotalSeconds,
            GC.GetTotalAllocatedBytes(precise: true) - Allocated,
            GC.CollectionCount(0) - Gen0, GC.CollectionCount(1) - Gen1, GC.CollectionCount(2) - Gen2);
    }
}
