namespace Modulo.Perf.Engine.Execution.Executors;

/// <summary>
/// k6's ramping-vus: the number of iterating VUs follows the stages. VU n iterates while n is below the current
/// target and parks otherwise; a VU that is ramped down finishes its current iteration first (k6's graceful ramp-down).
/// </summary>
internal sealed class RampingVusExecutor(StagePlan plan) : Executor
{
    private static readonly TimeSpan ParkInterval = TimeSpan.FromMilliseconds(50);

    public override TimeSpan ScheduledDuration => TimeSpan.FromSeconds(plan.TotalSeconds);
    public override int MaxVus => (int)Math.Ceiling(plan.Max);

    public override Task RunAsync(IIterationHost host, RunTokens tokens)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        int Target() => (int)Math.Round(plan.ValueAt(clock.Elapsed.TotalSeconds));

        var monitor = Task.Run(async () =>
        {
            while (!tokens.ScheduleEnded.IsCancellationRequested)
            {
                host.SetActiveVus(Target());
                await Task.Delay(ParkInterval, tokens.ScheduleEnded).ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
            }
        });
        var loops = Enumerable.Range(0, MaxVus).Select(index =>
        {
            var vu = host.CreateVirtualUser();
            return Task.Run(async () =>
            {
                while (!tokens.ScheduleEnded.IsCancellationRequested)
                {
                    if (index < Target())
                    {
                        await RunClosedLoopAsync(host, vu, tokens, keepGoing: () => index < Target()).ConfigureAwait(false);
                    }
                    else
                    {
                        await Task.Delay(ParkInterval, tokens.ScheduleEnded).ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
                    }
                }
            });
        });
        return Task.WhenAll(loops.Append(monitor));
    }
}
