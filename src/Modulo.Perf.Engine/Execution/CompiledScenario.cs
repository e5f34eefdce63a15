using Modulo.Perf.Engine.Metrics;
using Modulo.Perf.Engine.Scenarios;
using Modulo.Perf.Engine.Steps;

namespace Modulo.Perf.Engine.Execution;

/// <summary>A scenario whose steps are ready to run, plus the series its iterations record into.</summary>
internal sealed class CompiledScenario
{
    private int _stopped;

    public CompiledScenario(ScenarioDefinition definition, int index, IStepRunner[] setup, IStepRunner[] steps, int[] feeds, MetricRegistry registry)
    {
        Name = definition.Name;
        Index = index;
        ThinkTime = definition.ThinkTime;
        Weight = definition.Weight ?? 1;
        Setup = setup;
        Steps = steps;
        Feeds = feeds;
        var tags = new TagSet(new Dictionary<string, string> { ["scenario"] = definition.Name });
        IterationsSeries = registry.Register(MetricCatalog.Iterations, tags).Id;
        IterationDurationSeries = registry.Register(MetricCatalog.IterationDuration, tags).Id;
    }

    public string Name { get; }
    /// <summary>Position among the run's scenarios; what a VU remembers its setups by.</summary>
    public int Index { get; }
    public TimeSpan ThinkTime { get; }
    public double Weight { get; }
    /// <summary>Run once per VU before its first iteration of the scenario (again next time when it failed).</summary>
    public IStepRunner[] Setup { get; }
    /// <summary>An array, so the per-iteration loop over it allocates no enumerator.</summary>
    public IStepRunner[] Steps { get; }
    /// <summary>The feeders (indexes into the run's) whose row each iteration takes before its first step.</summary>
    public int[] Feeds { get; }
    public int IterationsSeries { get; }
    public int IterationDurationSeries { get; }

    /// <summary>True once a feeder of order <c>unique</c> has no row left for it: no VU starts it again.</summary>
    public bool IsStopped => Volatile.Read(ref _stopped) == 1;

    /// <summary>Stops the scenario; true for the first caller only, which reports why.</summary>
    public bool Stop() => Interlocked.Exchange(ref _stopped, 1) == 0;
}
