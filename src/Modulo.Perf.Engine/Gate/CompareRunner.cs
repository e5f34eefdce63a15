using Modulo.Perf.Engine.Baselines;
using Modulo.Perf.Engine.Configuration;
using Modulo.Perf.Engine.Execution;
using Modulo.Perf.Engine.Execution.Executors;
using Modulo.Perf.Engine.Metrics;
using Modulo.Perf.Engine.Outcome;
using Modulo.Perf.Engine.ServiceCounters;
using Modulo.Perf.Engine.SourceText;
using Modulo.Perf.Engine.Thresholds;

namespace Modulo.Perf.Engine.Gate;

/// <summary>
/// The <c>compare</c> command end to end: the configured load against base and head in interleaved rounds
/// (<see cref="AbbaSchedule"/>), each round measured on its own; the head's SLOs judged on its rounds combined;
/// head against base judged pair by pair (<see cref="InterleavedComparer"/>). Every path writes results.json; a
/// signal ends it as interrupted (exit 130/143) with nothing judged.
/// </summary>
public static class CompareRunner
{
    public static Task<RunResult> RunAsync(CompareOptions options, TextWriter log, RunInterrupt interrupt) =>
        GateRunner.ReportedAsync(options.Load.ResolvedOutputDirectory(), log, started => RunValidatedAsync(options, started, log, interrupt), interrupt);

    private static async Task<RunResult> RunValidatedAsync(CompareOptions options, DateTimeOffset started, TextWriter log, RunInterrupt interrupt)
    {
        var cancellation = interrupt.Token;
        var config = ConfigLoader.Load(options.Load.ConfigPath);
        var minimum = SignTestInterval.MinimumCount();
        if (options.Rounds < minimum)
        {
            throw new ConfigurationException($"--rounds {options.Rounds}: at least {minimum} rounds per side are needed for a 99 % interval of the head-vs-base change");
        }
        var serviceTargets = options.ResolveServiceTargets();
        var configured = LoadPlanResolver.Resolve(config, options.Load with { BaseUrl = options.HeadUrl });
        var roundPlan = RoundPlan.For(configured.Profile.Duration, options.Rounds, options.RoundDuration, countersCompared: serviceTargets is not null);
        var head = Plan(config, options, options.HeadUrl, roundPlan.Round);
        // SLOs are the head's alone: the base neither fails nor aborts on them.
        var @base = Plan(config, options, options.BaseUrl, roundPlan.Round) with { Thresholds = [] };
        var fingerprint = GateRunner.Fingerprint(config, head, options.Load);

        foreach (var (role, plan) in new[] { (BuildRole.Base, @base), (BuildRole.Head, head) })
        {
            if (await TargetProbe.FindProblemAsync(plan.BaseUrl, plan.Tls, GateRunner.ProbeTimeout, cancellation).ConfigureAwait(false) is { } problem)
            {
                log.WriteLine($"error: the {role.JsonName()} target could not be reached: {problem}");
                return GateRunner.Unreachable(started, fingerprint, $"{role.JsonName()}: {problem}");
            }
        }

        // Attached (and checked) once per side, before the rounds: each side's one counter session is open until the
        // rounds end, and each round records its own time span of it. Closed on every way out (a diagnostic port's
        // listener with it).
        var attachments = new Dictionary<BuildRole, ServiceAttachment>();
        try
        {
            if (serviceTargets is var (baseTarget, headTarget))
            {
                foreach (var (role, target) in new[] { (BuildRole.Base, baseTarget), (BuildRole.Head, headTarget) })
                {
                    var (attachment, unavailable) = await ServiceAttachment.AttachAsync(target, options.ServiceMeters, cancellation).ConfigureAwait(false);
                    if (attachment is null)
                    {
                        log.WriteLine($"[modulo-perf] warning: {role.JsonName()}: {unavailable!.Problem}; CPU and allocation per request are not compared");
                        continue;
                    }
                    attachments[role] = attachment;
                }
            }
            return await RunRoundsAsync(started, log, interrupt, config, roundPlan, configured, @base, head, fingerprint, attachments).ConfigureAwait(false);
        }
        finally
        {
            foreach (var attachment in attachments.Values)
            {
                await attachment.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>The warm-up and measured rounds in ABBA order, then the head's SLOs and head against base.</summary>
    private static async Task<RunResult> RunRoundsAsync(
        DateTimeOffset started, TextWriter log, RunInterrupt interrupt, PerfGateConfig config, RoundPlan roundPlan,
        LoadPlan configured, LoadPlan @base, LoadPlan head, RunFingerprint fingerprint, IReadOnlyDictionary<BuildRole, ServiceAttachment> attachments)
    {
        var cancellation = interrupt.Token;
        var schedule = AbbaSchedule.Rounds(roundPlan.Pairs);
        var roundSeconds = head.Profile.Duration.TotalSeconds;
        log.WriteLine($"[modulo-perf] compare: {schedule.Count} rounds of {roundSeconds:0.##} s ({roundPlan.Pairs} per side after one warm-up each, {roundPlan.WallTimeFactor(configured.Profile.Duration):0.0#}× the profile's {configured.Profile.Duration.TotalSeconds:0.#} s), base {@base.BaseUrl}, head {head.BaseUrl}");
        var rounds = new List<InterleavedRound>();
        var headRuns = new List<MetricRegistry>();
        ThresholdResult? abortedBy = null;
        var loadSeconds = 0.0;
        foreach (var (role, warmup) in schedule)
        {
            if (cancellation.IsCancellationRequested || abortedBy is not null)
            {
                break;
            }
            var plan = role == BuildRole.Base ? @base : head;
            log.WriteLine($"[modulo-perf] round {rounds.Count + 1}/{schedule.Count}: {role.JsonName()}{(warmup ? " (warm-up, not compared)" : "")}");
            var metrics = new MetricRegistry();
            var counters = attachments.TryGetValue(role, out var side) ? (await side.StartAsync(metrics, cancellation).ConfigureAwait(false)).Session : null;
            var outcome = await new LoadRun(plan, metrics, log).RunAsync(cancellation).ConfigureAwait(false);
            loadSeconds += outcome.ElapsedSeconds;
            if (counters is not null)
            {
                await counters.StopAsync().ConfigureAwait(false);
            }

            if (interrupt.Signal is not null)
            {
                // The round the signal cut short is no round: it is left out like the rest that never ran.
                break;
            }
            if (FailureCounts.AllRefused(metrics, FailureCounts.ByCause(metrics)) is { } refused)
            {
                return GateRunner.Unreachable(started, fingerprint, $"{role.JsonName()}: every one of {refused} requests to {plan.BaseUrl} was refused in round {rounds.Count + 1}");
            }
            rounds.Add(new InterleavedRound(rounds.Count, role, warmup,
                RunMeasurements.Capture(metrics, plan.Scenarios.Select(s => s.Name), fingerprint, DateTimeOffset.UtcNow, null, 0)));
            if (role == BuildRole.Head && !warmup)
            {
                headRuns.Add(metrics);
                abortedBy = outcome.AbortedBy;
            }
        }

        if (interrupt.Signal is { } signal)
        {
            // Some rounds are no comparison: nothing is judged, and what the head's full rounds measured is kept.
            return new RunResult
            {
                Verdict = Verdict.Interrupted,
                Started = started,
                InterruptedBy = signal,
                Errors = [GateRunner.InterruptionError(signal, log, loadSeconds)],
                Fingerprint = fingerprint,
                Metrics = headRuns.Count > 0 ? MetricRegistry.Combine(headRuns) : null,
                DurationSeconds = loadSeconds,
            };
        }
        var headMetrics = MetricRegistry.Combine(headRuns);
        var thresholds = head.Thresholds.Select(t => ThresholdEvaluator.Evaluate(t, headMetrics)).ToList();
        var sloPassed = thresholds.All(t => t.Ok) && abortedBy is null;
        var comparison = new InterleavedComparison
        {
            BaseUrl = @base.BaseUrl.ToString(),
            HeadUrl = head.BaseUrl.ToString(),
            ConfigPath = config.SourcePath,
            RoundSeconds = roundSeconds,
            Rounds = rounds,
            Metrics = InterleavedComparer.Compare(rounds, config.Regression),
        };
        return new RunResult
        {
            Verdict = !sloPassed ? Verdict.SloViolation : comparison.HasRegression ? Verdict.Regression : Verdict.Pass,
            Interleaved = comparison,
            Started = started,
            Fingerprint = fingerprint,
            Metrics = headMetrics,
            Thresholds = thresholds,
            AbortedBy = abortedBy,
            DurationSeconds = headMetrics.ElapsedSeconds,
            FailuresByCause = FailureCounts.ByCause(headMetrics),
        };
    }

    /// <summary>The configured load against one side, cut into rounds of equal length.</summary>
    private static LoadPlan Plan(PerfGateConfig config, CompareOptions options, string target, TimeSpan round)
    {
        var plan = LoadPlanResolver.Resolve(config, options.Load with { BaseUrl = target });
        var profile = plan.Profile;
        if (profile.Executor is ExecutorKind.RampingVus or ExecutorKind.RampingArrivalRate)
        {
            throw new ConfigurationException($"compare runs the load in rounds of equal length, but profile '{profile.Name}' ({profile.Executor.ToName()}) takes its duration from its stages; use a constant-vus or constant-arrival-rate profile");
        }
        return plan with { Profile = profile with { Duration = round } };
    }
}
