using Modulo.Perf.Engine.Execution.Segments;
using Modulo.Perf.Engine.Steps;

namespace Modulo.Perf.Engine.Execution.Executors;

/// <summary>
/// Decides when iterations start and on which virtual user. Closed-model executors (constant-vus,
/// ramping-vus, per-vu-iterations) start an iteration when a VU finishes its previous one; open-model
/// executors (constant-arrival-rate, ramping-arrival-rate) start them on a clock whether or not earlier ones
/// finished. Either way each iteration carries its intended start time.
/// </summary>
internal abstract class Executor
{
    /// <summary>How long the schedule runs (a maximum for per-vu-iterations).</summary>
    public abstract TimeSpan ScheduledDuration { get; }

    /// <summary>The most VUs this executor will ever run at once (the plan; vus_max reports those actually created).</summary>
    public abstract int MaxVus { get; }

    /// <summary>Runs the schedule; completes when every VU has stopped.</summary>
    public abstract Task RunAsync(IIterationHost host, RunTokens tokens);

    /// <summary>
    /// The executor for <paramref name="segment"/>'s share of the profile: its VUs, stage targets and arrivals are
    /// the ones the segment's stripes own, so the shares of all segments add up exactly to the unsegmented run.
    /// </summary>
    public static Executor Create(ProfileDefinition profile, ExecutionTuple? segment = null)
    {
        segment ??= ExecutionTuple.Whole;
        var perSecond = 1 / profile.TimeUnit.TotalSeconds;
        var maxVus = Math.Max(profile.MaxVus, profile.PreAllocatedVus);
        return profile.Executor switch
        {
            ExecutorKind.ConstantVus => new ConstantVusExecutor(segment, profile.Vus, profile.Duration),
            ExecutorKind.RampingVus => new RampingVusExecutor(
                segment,
                new StagePlan(profile.Vus, [.. profile.Stages.Select(s => (s.Duration, (double)s.Target))])),
            ExecutorKind.PerVuIterations => new PerVuIterationsExecutor(segment, profile.Vus, profile.Iterations, profile.Duration),
            ExecutorKind.ConstantArrivalRate => new ArrivalRateExecutor(
                segment, new StagePlan(profile.Rate * perSecond, [(profile.Duration, profile.Rate * perSecond)]),
                profile.PreAllocatedVus, maxVus),
            ExecutorKind.RampingArrivalRate => new ArrivalRateExecutor(
                segment, new StagePlan(profile.StartRate * perSecond, [.. profile.Stages.Select(s => (s.Duration, s.Target * perSecond))]),
                profile.PreAllocatedVus, maxVus),
            _ => throw new ArgumentOutOfRangeException(nameof(profile), profile.Executor, "unknown executor"),
        };
    }

    /// <summary>
    /// Called first thing in a VU's loop (an async method), so that its awaits, and those of everything it calls,
    /// capture no <see cref="ExecutionContext"/>. The engine keeps nothing in async-local state, yet a captured
    /// context, even the default one, sends every resumption through <c>ExecutionContext.RunInternal</c>: at five
    /// awaits resumed per response, about 6 % of the engine's user time (docs/performance.md). The method's
    /// builder gives the starting thread its context back when the loop first yields; the socket loops' threads run
    /// without flow too, so a VU resumed there keeps it off.
    /// </summary>
    protected static void StopContextFlow()
    {
        if (!ExecutionContext.IsFlowSuppressed())
        {
            ExecutionContext.SuppressFlow();
        }
    }

    /// <summary>The closed-model VU loop: iterate back to back until the schedule ends.</summary>
    protected static async Task RunClosedLoopAsync(IIterationHost host, VirtualUser vu, RunTokens tokens, Func<bool>? keepGoing = null)
    {
        StopContextFlow();
        while (!tokens.ScheduleEnded.IsCancellationRequested && (keepGoing?.Invoke() ?? true))
        {
            await host.RunIterationAsync(vu, System.Diagnostics.Stopwatch.GetTimestamp(), tokens.HardStop).ConfigureAwait(false);
            if (tokens.HardStop.IsCancellationRequested)
            {
                return;
            }
        }
    }
}
