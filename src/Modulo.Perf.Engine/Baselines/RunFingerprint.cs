namespace Modulo.Perf.Engine.Baselines;

/// <summary>
/// What ran, and where: two runs are only comparable when these match (same profile, load, selection, config,
/// target and machine size). Written to results.json and kept with baselines.
/// </summary>
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
    int ProcessorCount);
