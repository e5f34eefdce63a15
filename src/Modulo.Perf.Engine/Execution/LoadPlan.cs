using Modulo.Perf.Engine.Execution.Executors;
using Modulo.Perf.Engine.Scenarios;
using Modulo.Perf.Engine.Steps;
using Modulo.Perf.Engine.Thresholds;

namespace Modulo.Perf.Engine.Execution;

/// <summary>Everything one run needs, resolved from the config and the command line.</summary>
public sealed record LoadPlan(
    Uri BaseUrl,
    IReadOnlyList<ScenarioDefinition> Scenarios,
    ProfileDefinition Profile,
    IReadOnlyList<ThresholdDefinition> Thresholds,
    TimeSpan RequestTimeout,
    int MaxResponseBody,
    string WebSocketPath)
{
    /// <summary>What the steps need to know of the target.</summary>
    public StepTarget Target { get; } = new(BaseUrl, WebSocketPath);
}
