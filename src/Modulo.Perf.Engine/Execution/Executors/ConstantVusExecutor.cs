using Modulo.Perf.Engine.Execution.Segments;

namespace Modulo.Perf.Engine.Execution.Executors;

/// <summary>k6's constant-vus: a fixed number of VUs iterate back to back for a duration.</summary>
internal sealed class ConstantVusExecutor(ExecutionTuple segment, int vus, TimeSpan duration) : Executor
{
    public override TimeSpan ScheduledDuration => duration;
    public override int MaxVus => segment.Scale(vus);

    public override Task RunAsync(IIterationHost host, RunTokens tokens)
    {
        host.SetActiveVus(MaxVus);
        var loops = Enumerable.Range(0, MaxVus)
            .Select(local => host.CreateVirtualUser((int)segment.GlobalIndex(local)))
            .Select(vu => Task.Run(() => RunClosedLoopAsync(host, vu, tokens)))
            .ToArray();
        return Task.WhenAll(loops);
    }
}
