namespace Modulo.Perf.Engine.Gate;

/// <summary>The <c>run</c> command's options, as given on the command line (null = not given).</summary>
public sealed record RunOptions
{
    public required string ConfigPath { get; init; }
    public string? BaseUrl { get; init; }
    public IReadOnlyList<string> Suites { get; init; } = [];
    public IReadOnlyList<string> Scenarios { get; init; } = [];
    public string? Profile { get; init; }
    public int? Vus { get; init; }
    public TimeSpan? Duration { get; init; }
    public string OutputDirectory { get; init; } = "perf-results";
    /// <summary>--baseline: null means perf-baselines/performance-baselines.json beside the config.</summary>
    public string? BaselinePath { get; init; }
    /// <summary>--update-baseline: record this run in the baseline when it passed its SLOs.</summary>
    public bool UpdateBaseline { get; init; }
    /// <summary>--allow-fingerprint-mismatch: judge against a baseline recorded under another fingerprint.</summary>
    public bool AllowFingerprintMismatch { get; init; }
    /// <summary>--service-pid: the service's process, attached over the .NET diagnostics IPC for its runtime counters.</summary>
    public int? ServicePid { get; init; }
    /// <summary>--service-meters: with --service-pid, also ASP.NET Core's hosting and Kestrel meters (they cost the service throughput).</summary>
    public bool ServiceMeters { get; init; }
}
