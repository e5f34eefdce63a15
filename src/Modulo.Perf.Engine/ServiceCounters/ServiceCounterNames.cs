namespace Modulo.Perf.Engine.ServiceCounters;

/// <summary>
/// The counters the collector keeps, by the name the service publishes them under: the runtime's EventCounters
/// and the ASP.NET Core instruments.
/// </summary>
public static class ServiceCounterNames
{
    public const string CpuUsage = "cpu-usage";
    public const string AllocationRate = "alloc-rate";
    public const string GcHeapSize = "gc-heap-size";
    public const string Gen0Collections = "gen-0-gc-count";
    public const string Gen1Collections = "gen-1-gc-count";
    public const string Gen2Collections = "gen-2-gc-count";
    public const string GcPauseTime = "total-pause-time-by-gc";
    public const string ThreadPoolQueue = "threadpool-queue-length";
    public const string ThreadPoolThreads = "threadpool-thread-count";
    public const string LockContentions = "monitor-lock-contention-count";
    public const string Exceptions = "exception-count";
    public const string WorkingSet = "working-set";
    public const string ServerRequestDuration = "http.server.request.duration";
    public const string ActiveConnections = "kestrel.active_connections";

    /// <summary>Every kept counter with its unit, in the order reports list them.</summary>
    public static IReadOnlyList<(string Name, string Unit)> Kept { get; } =
    [
        (CpuUsage, "%"),
        (AllocationRate, "B"),
        (GcHeapSize, "MB"),
        (Gen0Collections, ""),
        (Gen1Collections, ""),
        (Gen2Collections, ""),
        (GcPauseTime, "ms"),
        (ThreadPoolQueue, ""),
        (ThreadPoolThreads, ""),
        (LockContentions, ""),
        (Exceptions, ""),
        (WorkingSet, "MB"),
        (ServerRequestDuration, "ms"),
        (ActiveConnections, ""),
    ];
}
