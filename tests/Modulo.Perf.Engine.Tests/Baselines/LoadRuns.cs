namespace Modulo.Perf.Engine.Tests.Baselines;

/// <summary>
/// Tests whose verdicts rest on measured latency and throughput run alone, not beside other tests' load: the
/// comparison is meant to notice when the machine is busier, so a test's own neighbours must not make it so.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LoadRuns
{
    public const string Name = "load runs";
}
