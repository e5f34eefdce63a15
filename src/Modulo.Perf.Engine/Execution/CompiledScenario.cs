using Modulo.Perf.Engine.Metrics;
using Modulo.Perf.Engine.Scenarios;
using Modulo.Perf.Engine.Steps;

namespace Modulo.Perf.Engine.Execution;

/// <summary>A scenario whose steps are ready to run, plus the series its iterations record into.</summary>
internal sealed class CompiledScenario
{
    public CompiledScenario(ScenarioDefinition definition, IStepRunner[] steps, MetricRegistry registry)
    {
        Name = definition.Name;
        ThinkTime = definition.ThinkTime;
        Steps = steps;
        var tags = new TagSet(new Dictionary<string, string> { ["scenario"] = definition.Name });
        IterationsSeries = registry.Register(MetricCatalog.Iterations, tags).Id;
        IterationDurationSeries = registry.Register(MetricCatalog.IterationDuration, tags).Id;
    }

    public string Name { get; }
    public TimeSpan ThinkTime { get; }
    /// <summary>An array, so the per-iteration loop over it allocates no enumerator.</summary>
    public IStepRunner[] Steps { get; }
    public int IterationsSeries { get; }
    public int IterationDurationSeries { get; }
}
