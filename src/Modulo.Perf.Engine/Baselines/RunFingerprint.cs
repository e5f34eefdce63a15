namespace Modulo.Perf.Engine.Baselines;

/// <summary>
/// What ran, and where: two runs are only comparable when these match (same profile, load, selection, config,
/// target, machine size, and the service's build configuration and target framework). Written to results.json
/// and kept with baselines.
/// </summary>
/// <param name="BuildConfiguration">The gated service's build configuration (Debug, Release); null when not given.</param>
/// <param name="TargetFramework">The gated service's target framework (net10.0); null when not given.</param>
public sealed record RunFingerprint(
    string Profile,
    string Executor,
    int Vus,
    double DurationSeconds,
    IReadOnlyList<string> Suites,
    IReadOnlyList<string> Scenarios,
    string ConfigPath,
    string ConfigHash,
    string BaseUrl,
    string EngineVersion,
    int ProcessorCount,
    string? BuildConfiguration = null,
    string? TargetFramework = null);
