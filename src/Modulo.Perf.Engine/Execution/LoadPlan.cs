using Modulo.Perf.Engine.Configuration;
using Modulo.Perf.Engine.Thresholds;

namespace Modulo.Perf.Engine.Execution;

/// <summary>Everything one run needs, resolved from the config and the command line.</summary>
public sealed record LoadPlan(
    Uri BaseUrl,
    IReadOnlyList<ScenarioDefinition> Scenarios,
    ProfileDefinition Profile,
    IReadOnlyList<ThresholdDefinition> Thresholds,
    TimeSpan RequestTimeout,
    string WebSocketPath);
