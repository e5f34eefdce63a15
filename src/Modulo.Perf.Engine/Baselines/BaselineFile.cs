
namespace Modulo.Perf.Engine.Baselines;

/// <summary>
/// performance-baselines.json (format version 1, snake_case): <c>metadata</c> and a flat
/// <c>baselines</c> (overall p95 and average of the newest run), extended with the <c>history</c> of runs a
/// comparison is made against. See docs/baselines.md.
/// </summary>
public sealed record BaselineFile(
    int Version,
    BaselineMetadata Metadata,
    IReadOnlyDictionary<string, LatencySummary> Baselines,
    IReadOnlyList<BaselineRun> History);

/// <summary>When the file was started and last updated, and what the newest run was.</summary>
public sealed record BaselineMetadata(
    DateTimeOffset Created,
    DateTimeOffset Updated,
    string? GitCommit,
    IReadOnlyDictionary<string, IReadOnlyList<string>> SloThresholds,
    RunFingerprint Fingerprint);

/// <summary>One latency trend in the flat section, <c>{"p95": 150, "avg": 120}</c>, in milliseconds, with the samples behind it.</summary>
public sealed record LatencySummary(double P95, double Avg, long Samples);

/// <summary>One recorded run: what ran (its fingerprint), how busy the machine was, and what each suite or scenario measured.</summary>
/// <param name="MachineProbeMs">The slower of the <see cref="MachineProbe"/> timings before and after the load.</param>
/// <param name="Service">The service's own cost per request (<c>--service-pid</c>); null when it was not measured.</param>
public sealed record BaselineRun(
    DateTimeOffset Recorded,
    string? GitCommit,
    RunFingerprint Fingerprint,
    double MachineProbeMs,
    IReadOnlyDictionary<string, SuiteMeasurements> Suites,
    ServiceMeasurement? Service = null);

/// <summary>What the service spent per completed request over the whole run, from its runtime counters.</summary>
public sealed record ServiceMeasurement(double CpuPerRequestMs, double AllocPerRequestBytes, long Requests)
{
    /// <summary>The suite name service comparisons are reported under: the whole service, not one scenario.</summary>
    public const string Suite = "service";
    public const string CpuMetric = "cpu_per_request";
    public const string AllocMetric = "alloc_per_request";
}

/// <summary>One suite's (or user scenario's) measurements; a metric the run did not exercise is absent.</summary>
public sealed record SuiteMeasurements(
    IReadOnlyDictionary<string, LatencyMeasurement> Latency,
    ErrorRateMeasurement? ErrorRate,
    ThroughputMeasurement? Throughput)
{
    /// <summary>The names the error rate and throughput are compared and reported under.</summary>
    public const string ErrorRateMetric = "error_rate";
    public const string ThroughputMetric = "throughput";
}

/// <summary>A latency trend: p95 and average in milliseconds, and the whole HdrHistogram (µs) for statistical tests.</summary>
/// <param name="Histogram">HdrHistogram's standard compressed encoding, base64.</param>
public sealed record LatencyMeasurement(double P95, double Avg, long Samples, string Histogram);

/// <summary>Failed requests (http_req_failed) as a fraction of all requests.</summary>
public sealed record ErrorRateMeasurement(double Rate, long Requests, long Failed);

/// <summary>Requests per second of load.</summary>
public sealed record ThroughputMeasurement(double Rps, long Requests, double Seconds);
