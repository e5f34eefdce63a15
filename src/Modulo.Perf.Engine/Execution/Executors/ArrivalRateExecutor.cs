using System.Diagnostics;
using System.Threading.Channels;
using Modulo.Perf.Engine.Execution.Segments;
using Modulo.Perf.Engine.Steps;

namespace Modulo.Perf.Engine.Execution.Executors;

/// <summary>
/// k6's constant-arrival-rate and ramping-arrival-rate (the open model). A scheduler thread starts iteration k
/// at the instant the rate plan says, whether or not earlier iterations finished: it hands the intended start
/// time to an idle VU, allocates a new VU up to maxVUs when none is idle, and otherwise drops the iteration
/// (counted in dropped_iterations). Because the intended time travels with the iteration, a late start counts in
/// the latency instead of vanishing — the coordinated-omission correction wrk2 made famous.
/// Under a segment, the scheduler keeps the whole test's clock and starts only the iterations whose global
/// number its stripes own (k6's segmented index): every iteration runs on exactly one instance, at the instant
/// the unsegmented run would have started it. Pre-allocated and maximum VUs are scaled the same way.
/// </summary>
internal sealed class ArrivalRateExecutor(ExecutionTuple segment, StagePlan plan, int preAllocatedVus, int maxVus) : Executor
{
    // Iterations due within this much of now are dispatched together; below it the scheduler yields rather than sleeps.
    private static readonly double DispatchAheadSeconds = 0.0002;

    // Stopwatch timestamps are positive, so this can never be an iteration's intended start.
    private const long EndOfSchedule = long.MinValue;

    private readonly Channel<long> _due = Channel.CreateUnbounded<long>(new UnboundedChannelOptions { SingleWriter = true });
    private readonly List<Task> _vuLoops = new();
    private int _idleVus;
    private int _allocatedVus;
    private int _activeVus;

    public override TimeSpan ScheduledDuration => TimeSpan.FromSeconds(plan.TotalSeconds);
    public override int MaxVus => segment.Scale(maxVus);

    public override async Task RunAsync(IIterationHost host, RunTokens tokens)
    {
        for (var i = 0; i < segment.Scale(preAllocatedVus); i++)
        {
            StartVu(host, tokens, firstIntendedStart: null);
        }
        // A dedicated thread keeps the clock: on a pool thread its waits would compete with the VUs' continuations.
        var schedulerDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var scheduler = new Thread(() =>
        {
            Schedule(host, tokens);
            schedulerDone.SetResult();
        })
        { IsBackground = true, Name = "modulo-perf arrival scheduler" };
        scheduler.Start();
        await schedulerDone.Task.ConfigureAwait(false);
        // One end marker per VU rather than completing the channel: a hundred idle VUs then return quietly
        // instead of each throwing ChannelClosedException while the last iterations still run.
        for (var i = 0; i < Volatile.Read(ref _allocatedVus); i++)
        {
            _due.Writer.TryWrite(EndOfSchedule);
        }
        Task[] loops;
        lock (_vuLoops)
        {
            loops = [.. _vuLoops];
        }
        await Task.WhenAll(loops).ConfigureAwait(false);
    }

    private void Schedule(IIterationHost host, RunTokens tokens)
    {
        var origin = Stopwatch.GetTimestamp();
        var frequency = (double)Stopwatch.Frequency;
        // The plan, not the wall-clock schedule token, decides when arrivals end, so the last ones are never cut
        // off by the few milliseconds between the run's clock and this thread's; an abort stops it at once.
        for (long local = 0; !tokens.HardStop.IsCancellationRequested; local++)
        {
            if (plan.TimeOfArrival(segment.GlobalIndex(local)) is not { } due)
            {
                return;
            }
            WaitUntil(origin, due, frequency, tokens.HardStop);
            if (tokens.HardStop.IsCancellationRequested)
            {
                return;
            }
            Dispatch(host, tokens, origin + (long)(due * frequency));
        }
    }

    private static void WaitUntil(long origin, double dueSeconds, double frequency, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var remaining = dueSeconds - Stopwatch.GetElapsedTime(origin).TotalSeconds;
            if (remaining <= DispatchAheadSeconds)
            {
                return;
            }
            if (remaining > 0.002)
            {
                stop.WaitHandle.WaitOne(TimeSpan.FromSeconds(remaining - 0.001));
            }
            else
            {
                Thread.Yield();
            }
        }
    }

    private void Dispatch(IIterationHost host, RunTokens tokens, long intendedStart)
    {
        if (Interlocked.Decrement(ref _idleVus) >= 0)
        {
            _due.Writer.TryWrite(intendedStart);
            return;
        }
        Interlocked.Increment(ref _idleVus);
        if (_allocatedVus < MaxVus)
        {
            StartVu(host, tokens, intendedStart);
        }
        else
        {
            host.DropIteration();
        }
    }

    private void StartVu(IIterationHost host, RunTokens tokens, long? firstIntendedStart)
    {
        // Only the scheduler thread and RunAsync before it allocate, so the count is this VU's local number.
        var vu = host.CreateVirtualUser((int)segment.GlobalIndex(_allocatedVus));
        Interlocked.Increment(ref _allocatedVus);
        var loop = Task.Run(() => RunVuAsync(host, vu, tokens, firstIntendedStart));
        lock (_vuLoops)
        {
            _vuLoops.Add(loop);
        }
    }

    private async Task RunVuAsync(IIterationHost host, VirtualUser vu, RunTokens tokens, long? firstIntendedStart)
    {
        StopContextFlow();
        if (firstIntendedStart is { } first)
        {
            await RunActiveAsync(host, vu, first, tokens).ConfigureAwait(false);
        }
        while (true)
        {
            // Become claimable before waiting: the scheduler only hands out as many iterations as there are idle VUs.
            Interlocked.Increment(ref _idleVus);
            long intendedStart;
            try
            {
                // ReadAsync wakes exactly one waiting VU per iteration (WaitToReadAsync would wake them all).
                intendedStart = await _due.Reader.ReadAsync(tokens.HardStop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return; // hard stop: the grace period is over or the run was aborted
            }
            if (intendedStart == EndOfSchedule)
            {
                return;
            }
            await RunActiveAsync(host, vu, intendedStart, tokens).ConfigureAwait(false);
        }
    }

    private async Task RunActiveAsync(IIterationHost host, VirtualUser vu, long intendedStart, RunTokens tokens)
    {
        host.SetActiveVus(Interlocked.Increment(ref _activeVus));
        await host.RunIterationAsync(vu, intendedStart, tokens.HardStop).ConfigureAwait(false);
        host.SetActiveVus(Interlocked.Decrement(ref _activeVus));
    }
}
