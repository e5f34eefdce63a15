using Modulo.Perf.Engine.Execution.Segments;

namespace Modulo.Perf.Engine.Execution.Executors;

/// <summary>
/// k6's per-vu-iterations: each VU runs a fixed number of iterations, bounded by maxDuration. A segment runs its
/// share of the VUs, each with all its iterations, so the segments' iterations add up to VUs × iterations.
/// </summary>
internal sealed class PerVuIterationsExecutor(ExecutionTuple segment, int vus, int iterations, TimeSpan maxDuration) : Executor
{
    public override TimeSpan ScheduledDuration => maxDuration;
    public override int MaxVus => segment.Scale(vus);

    public override Task RunAsync(IIterationHost host, RunTokens tokens)
    {
        host.SetActiveVus(MaxVus);
        var loops = Enumerable.Range(0, MaxVus)
            .Select(local => host.CreateVirtualUser((int)segment.GlobalIndex(local)))
            .Select(vu =>
            {
                var done = 0;
                return Task.Run(() => RunClosedLoopAsync(host, vu, tokens, keepGoing: () => done++ < iterations));
            })
            .ToArray();
        return Task.WhenAll(loops);
    }
}
