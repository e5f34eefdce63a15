namespace Modulo.Perf.Engine.Execution.Executors;

/// <summary>k6's constant-vus: a fixed number of VUs iterate back to back for a duration.</summary>
internal sealed class ConstantVusExecutor(int vus, TimeSpan duration) : Executor
{
    public override TimeSpan ScheduledDuration => duration;
    public override int MaxVus => vus;

    public override Task RunAsync(IIterationHost host, RunTokens tokens)
    {
        host.SetActiveVus(vus);
        var loops = Enumerable.Range(0, vus)
            .Select(_ => host.CreateVirtualUser())
            .Select(vu => Task.Run(() => RunClosedLoopAsync(host, vu, tokens)))
            .ToArray();
        return Task.WhenAll(loops);
    }
}
