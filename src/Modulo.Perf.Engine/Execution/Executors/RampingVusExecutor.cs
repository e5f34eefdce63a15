using Modulo.Perf.Engine.Execution.Segments;

namespace Modulo.Perf.Engine.Execution.Executors;

/// <summary>
/// k6's ramping-vus: the number of iterating VUs follows the stages. VU n iterates while n is below the current
/// target and parks otherwise; a VU that is ramped down finishes its current iteration first (k6's graceful ramp-down).
/// Under a segment, n is the VU's global number: the segment runs the VUs of the whole target that its stripes
/// own, so at every instant the segments' VUs add up to the unsegmented target.
/// </summary>
internal sealed class RampingVusExecutor(ExecutionTuple segment, StagePlan plan) : Executor
{
    private static readonly TimeSpan ParkInterval = TimeSpan.FromMilliseconds(50);

    public override TimeSpan ScheduledDuration => TimeSpan.FromSeconds(plan.TotalSeconds);
    public override int MaxVus => segment.Scale((int)Math.Ceiling(plan.Max));

    public override Task RunAsync(IIterationHost host, RunTokens tokens)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        int Target() => TargetAt(clock.Elapsed.TotalSeconds);

        var monitor = Task.Run(async () =>
        {
            while (!tokens.ScheduleEnded.IsCancellationRequested)
            {
                host.SetActiveVus(SegmentVusAt(clock.Elapsed.TotalSeconds));
                await Task.Delay(ParkInterval, tokens.ScheduleEnded).ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
            }
        });
        var loops = Enumerable.Range(0, MaxVus).Select(local =>
        {
            var index = (int)segment.GlobalIndex(local);
            var vu = host.CreateVirtualUser(index);
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

    /// <summary>The whole test's VU target at <paramref name="seconds"/> (every segment computes the same).</summary>
    public int TargetAt(double seconds) => (int)Math.Round(plan.ValueAt(seconds));

    /// <summary>How many of the VUs this segment runs at <paramref name="seconds"/>.</summary>
    public int SegmentVusAt(double seconds) => segment.Scale(TargetAt(seconds));
}
