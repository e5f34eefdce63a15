using Modulo.Perf.Engine.Baselines;
using Modulo.Perf.Engine.ServiceCounters;
using Modulo.Perf.Engine.SourceText;

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
    /// <summary>--out: null means perf-results/ beside the config.</summary>
    public string? OutputDirectory { get; init; }
    /// <summary>--baseline: null means perf-baselines/performance-baselines.json beside the config.</summary>
    public string? BaselinePath { get; init; }
    /// <summary>--update-baseline: record this run in the baseline when it passed its SLOs.</summary>
    public bool UpdateBaseline { get; init; }
    /// <summary>--allow-fingerprint-mismatch: judge against a baseline recorded under another fingerprint.</summary>
    public bool AllowFingerprintMismatch { get; init; }
    /// <summary>--build-configuration: the gated service's build configuration, part of the fingerprint.</summary>
    public string? BuildConfiguration { get; init; }
    /// <summary>--target-framework: the gated service's target framework, part of the fingerprint.</summary>
    public string? TargetFramework { get; init; }
    /// <summary>--caller: who started the engine, so messages name its options (flags or MSBuild properties).</summary>
    public OptionNames OptionNames { get; init; } = OptionNames.Cli;

    public const string DefaultOutputDirectory = "perf-results";

    /// <summary>
    /// The one rule for paths (docs/engine.md): a path given on the command line is relative to the current
    /// directory, as for any command; a default lives beside the config, like the default baseline.
    /// </summary>
    public string ResolvedOutputDirectory() => ResolveOutputDirectory(OutputDirectory, ConfigPath);

    /// <summary>That rule for any command that writes reports for a config (run, merge).</summary>
    public static string ResolveOutputDirectory(string? given, string configPath) =>
        Path.GetFullPath(given ?? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(configPath))!, DefaultOutputDirectory));
    /// <summary>--execution-segment: this instance's part of the test, such as 1/4:1/2.</summary>
    public string? ExecutionSegment { get; init; }
    /// <summary>--execution-segment-sequence: the segments every instance of the test uses, such as 0,1/4,1/2,3/4,1.</summary>
    public string? ExecutionSegmentSequence { get; init; }
    /// <summary>--segment i/n: the i-th of n equal segments.</summary>
    public string? Segment { get; init; }
    /// <summary>--start-at: the wall-clock time at which the load begins (the instances of one test share it).</summary>
    public DateTimeOffset? StartAt { get; init; }
    /// <summary>--service-pid: the service's process, attached over the .NET diagnostics IPC for its runtime counters.</summary>
    public int? ServicePid { get; init; }
    /// <summary>--service-diagnostic-port: the service's diagnostics IPC as a socket (a service in a container), instead of a process id.</summary>
    public string? ServiceDiagnosticPort { get; init; }
    /// <summary>--service-meters: with a service to attach to, also ASP.NET Core's hosting and Kestrel meters (they cost the service throughput).</summary>
    public bool ServiceMeters { get; init; }

    /// <summary>The service whose runtime counters are recorded, or null.</summary>
    /// <exception cref="ConfigurationException">Both a process id and a diagnostic port were given.</exception>
    public ServiceTarget? ResolveServiceTarget() => (ServicePid, ServiceDiagnosticPort) switch
    {
        ({ }, { }) => throw new ConfigurationException(
            "--service-pid and --service-diagnostic-port both say where the service is: give one (the port for a service in a container, the process id otherwise)"),
        ({ } pid, null) => ServiceTarget.Process(pid),
        (null, { } port) => ServiceTarget.Port(port),
        _ => null,
    };
}
