namespace Modulo.Perf.Engine.Execution.Executors;

/// <summary>k6's per-vu-iterations: each VU runs a fixed number of iterations, bounded by maxDuration.</summary>
internal sealed class PerVuIterationsExecutor(int vus, int iterations, TimeSpan maxDuration) : Executor
{
    public override TimeSpan ScheduledDuration => maxDuration;
    public override int MaxVus => vus;

    public override Task RunAsync(IIterationHost host, RunTokens tokens)
    {
        host.SetActiveVus(vus);
        var loops = Enumerable.Range(0, vus)
            .Select(_ => host.CreateVirtualUser())
            .Select(vu =>
            {
                var done = 0;
                return Task.Run(() => RunClosedLoopAsync(host, vu, tokens, keepGoing: () => done++ < iterations));
            })
            .ToArray();
        return Task.WhenAll(loops);
    }
}
