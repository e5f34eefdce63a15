using System.Reflection;
using Modulo.Perf.Engine.Baselines;
using Modulo.Perf.Engine.Configuration;
using Modulo.Perf.Engine.Execution;
using Modulo.Perf.Engine.Execution.Executors;
using Modulo.Perf.Engine.Execution.Segments;
using Modulo.Perf.Engine.Http;
using Modulo.Perf.Engine.Metrics;
using Modulo.Perf.Engine.Outcome;
using Modulo.Perf.Engine.Reporting;
using Modulo.Perf.Engine.ServiceCounters;
using Modulo.Perf.Engine.SourceText;

namespace Modulo.Perf.Engine.Gate;

/// <summary>
/// The <c>run</c> command end to end: load and resolve the configuration, check the target answers, drive the
/// load, judge thresholds, compare with the baseline (and update it), write the reports, and return the verdict.
/// Every path, including invalid configuration and an unreachable target, writes results.json.
/// </summary>
public static class GateRunner
{
    internal static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(5);

    public static string EngineVersion { get; } =
        typeof(GateRunner).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    /// <exception cref="ReportWriteException">The reports could not be written (or the old ones removed); nothing else escapes.</exception>
    public static Task<RunResult> RunAsync(RunOptions options, TextWriter log, RunInterrupt interrupt) =>
        ReportedAsync(options.ResolvedOutputDirectory(), log, started => RunValidatedAsync(options, started, log, interrupt), interrupt);

    /// <summary>
    /// Runs a command's validated part; invalid configuration becomes its result too, a defect verdict error, a
    /// signal (when <paramref name="interrupt"/> is given) verdict interrupted, and every result is written to the reports.
    /// </summary>
    internal static async Task<RunResult> ReportedAsync(
        string outputDirectory, TextWriter log, Func<DateTimeOffset, Task<RunResult>> run, RunInterrupt? interrupt = null)
    {
        var started = DateTimeOffset.UtcNow;
        // Before anything can fail: a verdict left by an earlier run must never pass for this one's.
        ReportSet.Clear(outputDirectory);
        RunResult result;
        try
        {
            result = await run(started).ConfigureAwait(false);
        }
        catch (Exception) when (interrupt?.Signal is { } signal)
        {
            // Whatever the signal cut short (loading, the probe, the load) judges nothing.
            result = Interrupted(started, signal, log);
        }
        catch (ConfigurationException ex)
        {
            result = Invalid(started, ex, log);
        }
        catch (Exception ex)
        {
            // A defect of the engine: never a verdict on performance, always a results.json that says so.
            log.WriteLine($"error: internal error of modulo-perf {EngineVersion} (please report it): {ex}");
            result = new RunResult
            {
                Verdict = Verdict.Error,
                Started = started,
                Errors = [new RunError(RunError.Internal, $"internal error: {ex.GetType().Name}: {ex.Message}", null)],
            };
        }
        ReportSet.WriteAll(outputDirectory, result);
        return result;
    }

    /// <summary>
    /// The <c>validate</c> command (and what the MSBuild gate runs before it builds): every check a run makes before
    /// it sends load (the whole config, the selection, the profile and overrides, the baseline file), each error
    /// reported, nothing sent. Writes results.json alone: verdict pass, or invalid_configuration with every error.
    /// </summary>
    public static RunResult Validate(RunOptions options, TextWriter log)
    {
        var started = DateTimeOffset.UtcNow;
        RunResult result;
        try
        {
            var config = ConfigLoader.Load(options.ConfigPath);
            var plan = LoadPlanResolver.Resolve(config, options);
            options.ResolveServiceTarget();
            BaselineStore.Read(BaselineLocation.Resolve(options.BaselinePath, config.SourcePath));
            result = new RunResult { Verdict = Verdict.Pass, Started = started, Fingerprint = Fingerprint(config, plan, options) };
        }
        catch (ConfigurationException ex)
        {
            result = Invalid(started, ex, log);
        }
        // Only the verdict: a report saying "no performance issues" about a run that sent nothing would mislead.
        ResultsJsonWriter.Write(options.ResolvedOutputDirectory(), result);
        return result;
    }

    private static RunResult Invalid(DateTimeOffset started, ConfigurationException ex, TextWriter log)
    {
        log.WriteLine(ex.Diagnostic);
        return new RunResult
        {
            Verdict = Verdict.InvalidConfiguration,
            Started = started,
            Errors = [.. ex.All.Select(e => new RunError(RunError.Configuration, e.Message, e.Location))],
        };
    }

    private static async Task<RunResult> RunValidatedAsync(RunOptions options, DateTimeOffset started, TextWriter log, RunInterrupt interrupt)
    {
        var config = ConfigLoader.Load(options.ConfigPath);
        var plan = LoadPlanResolver.Resolve(config, options);
        var fingerprint = Fingerprint(config, plan, options);
        var serviceTarget = options.ResolveServiceTarget();
        // Read before any load is sent: a damaged baseline stops the run at once (exit 3) and is never overwritten.
        var baseline = BaselineStore.Read(BaselineLocation.Resolve(options.BaselinePath, config.SourcePath));
        if (FileDescriptorBudget.FindProblem(plan) is { } descriptors)
        {
            throw new ConfigurationException(descriptors);
        }
        interrupt.Token.ThrowIfCancellationRequested();

        if (await TargetProbe.FindProblemAsync(plan.BaseUrl, plan.Tls, ProbeTimeout, interrupt.Token).ConfigureAwait(false) is { } problem)
        {
            log.WriteLine($"error: the target could not be reached: {problem}");
            return Unreachable(started, fingerprint, problem);
        }

        // Attached (and checked) before the warm-up and the start time, so the load alone is measured.
        var (attachment, service) = serviceTarget is not null
            ? await ServiceAttachment.AttachAsync(serviceTarget, options.ServiceMeters, interrupt.Token).ConfigureAwait(false)
            : (null, null);
        await using var detach = attachment;
        if (service?.Problem is { } unattached)
        {
            log.WriteLine($"[modulo-perf] warning: {unattached}");
        }
        var (warmup, warmedUsers) = await WarmUpAsync(plan, log, interrupt.Token).ConfigureAwait(false);
        var segment = plan.Segment ?? ExecutionTuple.Whole;
        var start = await SegmentStart.WaitAsync(options.StartAt, TimeProvider.System, interrupt.Token).ConfigureAwait(false);
        log.WriteLine($"[modulo-perf] {fingerprint.Profile} ({fingerprint.Executor}{(segment.IsWhole ? "" : $", {segment.Name}")}): {string.Join(", ", plan.Scenarios.Select(s => s.Name))} against {RedactedUrl.Of(plan.BaseUrl)} for {plan.Profile.Duration.TotalSeconds:0.#} s");
        var metrics = new MetricRegistry();
        var probeMachine = NeedsMachineProbe(segment, baseline, options.UpdateBaseline);
        var probeBefore = probeMachine ? MachineProbe.MeasureMilliseconds() : 0;
        ServiceCounterSession? counters = null;
        if (attachment is not null)
        {
            (counters, service) = await attachment.StartAsync(metrics, interrupt.Token).ConfigureAwait(false);
            if (service?.Problem is { } gone)
            {
                log.WriteLine($"[modulo-perf] warning: {gone}");
            }
        }
        var outcome = await new LoadRun(plan, metrics, log, warmedUsers).RunAsync(interrupt.Token).ConfigureAwait(false);
        if (counters is not null)
        {
            service = await counters.StopAsync().ConfigureAwait(false);
            if (service.Problem is { } lost)
            {
                log.WriteLine($"[modulo-perf] warning: {lost}");
            }
        }
        if (interrupt.Signal is { } signal)
        {
            // A partial run is reported as such and never judged: no thresholds, no baseline comparison or update.
            return new RunResult
            {
                Verdict = Verdict.Interrupted,
                Started = started,
                InterruptedBy = signal,
                Errors = [InterruptionError(signal, log, outcome.ElapsedSeconds)],
                Fingerprint = fingerprint,
                Metrics = metrics,
                DurationSeconds = outcome.ElapsedSeconds,
                FailuresByCause = FailureCounts.ByCause(metrics),
                EngineUsage = outcome.Usage,
                Segment = segment,
                Warmup = warmup,
                Service = service,
            };
        }
        var machineProbeMs = probeMachine ? Math.Max(probeBefore, MachineProbe.MeasureMilliseconds()) : 0;
        if (outcome.SetupFailure is { } setupFailure)
        {
            // Exit 3 at the failing step: the target answered (the probe passed), so the fix is almost always in the
            // step as written (path, body, credentials) or its data, and the build error should point there.
            var error = new ConfigurationException($"the run's setup failed, so no load was sent: {setupFailure.Message}", setupFailure.Location);
            log.WriteLine(error.Diagnostic);
            return new RunResult
            {
                Verdict = Verdict.InvalidConfiguration,
                Started = started,
                Fingerprint = fingerprint,
                Metrics = metrics,
                Errors = [new RunError(RunError.Configuration, error.Message, error.Location)],
            };
        }

        if (FailureCounts.AllRefused(metrics, FailureCounts.ByCause(metrics)) is { } requests)
        {
            return Unreachable(started, fingerprint, $"every one of {requests} requests to {RedactedUrl.Of(plan.BaseUrl)} was refused");
        }
        var load = new MeasuredLoad(
            metrics, fingerprint, [.. plan.Scenarios.Select(s => s.Name)], started, outcome.ElapsedSeconds, machineProbeMs,
            outcome.AbortedBy, outcome.Usage, segment, start, warmup, service);
        var choice = new BaselineChoice(options.BaselinePath, baseline, options.UpdateBaseline, options.AllowFingerprintMismatch, options.OptionNames);
        return RunJudgement.Judge(config, choice, load, log);
    }

    /// <summary>
    /// The machine probe costs about a tenth of a second on each side of the load, and only a baseline reads it: the
    /// comparison with stored runs, a run recorded into the baseline, or a segment's partial results, which the
    /// merge compares. A whole run with no baseline file and no update leaves it unmeasured (0).
    /// </summary>
    private static bool NeedsMachineProbe(ExecutionTuple segment, BaselineFile? baseline, bool updateBaseline) =>
        !segment.IsWhole || baseline is not null || updateBaseline;

    /// <summary>The result of a command a signal stopped before it had anything to judge.</summary>
    internal static RunResult Interrupted(DateTimeOffset started, StopSignal signal, TextWriter log, string before = "the load started") => new()
    {
        Verdict = Verdict.Interrupted,
        Started = started,
        InterruptedBy = signal,
        Errors = [InterruptionError(signal, log, loadSeconds: null, before)],
    };

    internal static RunError InterruptionError(StopSignal signal, TextWriter log, double? loadSeconds, string before = "the load started")
    {
        var message = loadSeconds is { } seconds
            ? $"the run was interrupted by {signal.Name()} after {seconds:0.#} s of load; its partial results judge nothing and the baseline was not touched"
            : $"the run was interrupted by {signal.Name()} before {before}; nothing was judged and the baseline was not touched";
        log.WriteLine($"[modulo-perf] {message}");
        return new RunError(RunError.Interrupted, message, null);
    }

    /// <summary>
    /// The profile's warm-up, into a registry of its own and without thresholds (an abortOnFail threshold must not
    /// fire on a cold service): its samples reach no threshold, baseline or chart. Its users, set up and logged in,
    /// go on into the measured load.
    /// </summary>
    private static async Task<(WarmupSummary? Summary, WarmedUsers? Users)> WarmUpAsync(LoadPlan plan, TextWriter log, CancellationToken cancellation)
    {
        if (plan.Profile.Warmup <= TimeSpan.Zero)
        {
            return (null, null);
        }
        var profile = plan.Profile.WarmupProfile();
        log.WriteLine($"[modulo-perf] warm-up: {profile.Vus} VU(s) for {profile.Duration.TotalSeconds:0.#} s, not judged");
        var metrics = new MetricRegistry();
        var outcome = await LoadRun.WarmUp(plan with { Profile = profile, Thresholds = [] }, metrics, log).RunAsync(cancellation).ConfigureAwait(false);
        var summary = WarmupSummary.From(metrics, outcome.ElapsedSeconds);
        log.WriteLine($"[modulo-perf] warm-up done: {summary.Requests} requests, {summary.Failed} failed, p95 {summary.P95Ms:0.###} ms (kept out of thresholds and baselines)");
        // A warm-up whose run setup failed hands nothing over: the load runs the setup again and reports its failure.
        return (summary, outcome.SetupFailure is null ? outcome.Handover : null);
    }

    internal static RunResult Unreachable(DateTimeOffset started, RunFingerprint fingerprint, string problem) => new()
    {
        Verdict = Verdict.TargetUnreachable,
        Started = started,
        Fingerprint = fingerprint,
        Errors = [new RunError(RunError.Unreachable, problem, null)],
    };

    internal static RunFingerprint Fingerprint(PerfGateConfig config, LoadPlan plan, RunOptions options)
    {
        var configured = config.Scenarios.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        var builtIn = plan.Scenarios.Where(s => !configured.Contains(s.Name)).Select(s => s.Name).ToList();
        var profile = plan.Profile;
        return new RunFingerprint(
            profile.Name,
            profile.Executor.ToName(),
            profile.Executor is ExecutorKind.ConstantArrivalRate or ExecutorKind.RampingArrivalRate ? profile.MaxVus : profile.Vus,
            profile.Duration.TotalSeconds,
            builtIn,
            [.. plan.Scenarios.Select(s => s.Name).Except(builtIn)],
            config.SourcePath,
            config.ContentHash,
            RedactedUrl.Of(plan.BaseUrl),
            EngineVersion,
            Environment.ProcessorCount,
            NullIfBlank(options.BuildConfiguration),
            NullIfBlank(options.TargetFramework));
    }

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
