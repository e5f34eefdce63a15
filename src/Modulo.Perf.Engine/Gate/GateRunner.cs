using System.Reflection;
using Modulo.Perf.Engine.Baselines;
using Modulo.Perf.Engine.Configuration;
using Modulo.Perf.Engine.Execution;
using Modulo.Perf.Engine.Execution.Executors;
using Modulo.Perf.Engine.Metrics;
using Modulo.Perf.Engine.Outcome;
using Modulo.Perf.Engine.Reporting;
using Modulo.Perf.Engine.ServiceCounters;
using Modulo.Perf.Engine.SourceText;
using Modulo.Perf.Engine.Steps.Http;
using Modulo.Perf.Engine.Thresholds;

namespace Modulo.Perf.Engine.Gate;

/// <summary>
/// The <c>run</c> command end to end: load and resolve the configuration, check the target answers, drive the
/// load, judge thresholds, compare with the baseline (and update it), write the reports, and return the verdict.
/// Every path, including invalid configuration and an unreachable target, writes results.json.
/// </summary>
public static class GateRunner
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(5);

    public static string EngineVersion { get; } =
        typeof(GateRunner).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    public static async Task<RunResult> RunAsync(RunOptions options, TextWriter log, CancellationToken cancellation)
    {
        var started = DateTimeOffset.UtcNow;
        RunResult result;
        try
        {
            result = await RunValidatedAsync(options, started, log, cancellation).ConfigureAwait(false);
        }
        catch (ConfigurationException ex)
        {
            log.WriteLine(ex.Diagnostic);
            result = new RunResult
            {
                Verdict = Verdict.InvalidConfiguration,
                Started = started,
                Errors = [new RunError(RunError.Configuration, ex.Message, ex.Location)],
            };
        }
        ReportSet.WriteAll(options.OutputDirectory, result);
        return result;
    }

    private static async Task<RunResult> RunValidatedAsync(RunOptions options, DateTimeOffset started, TextWriter log, CancellationToken cancellation)
    {
        var config = ConfigLoader.Load(options.ConfigPath);
        var plan = LoadPlanResolver.Resolve(config, options);
        var fingerprint = Fingerprint(config, plan);
        // Read before any load is sent: a damaged baseline stops the run at once (exit 3) and is never overwritten.
        var baselinePath = BaselineLocation.Resolve(options.BaselinePath, config.SourcePath);
        var baseline = BaselineStore.Read(baselinePath);

        if (await TargetProbe.FindProblemAsync(plan.BaseUrl, ProbeTimeout, cancellation).ConfigureAwait(false) is { } problem)
        {
            log.WriteLine($"error: the target could not be reached: {problem}");
            return Unreachable(started, fingerprint, problem);
        }

        log.WriteLine($"[modulo-perf] {fingerprint.Profile} ({fingerprint.Executor}): {string.Join(", ", plan.Scenarios.Select(s => s.Name))} against {plan.BaseUrl} for {plan.Profile.Duration.TotalSeconds:0.#} s");
        var metrics = new MetricRegistry();
        var probeBefore = MachineProbe.MeasureMilliseconds();
        var (counters, service) = options.ServicePid is { } pid
            ? await ServiceCounterSession.StartAsync(pid, options.ServiceMeters, metrics, cancellation).ConfigureAwait(false)
            : (null, null);
        if (service?.Problem is { } unattached)
        {
            log.WriteLine($"[modulo-perf] warning: {unattached}");
        }
        var outcome = await new LoadRun(plan, metrics, log).RunAsync(cancellation).ConfigureAwait(false);
        if (counters is not null)
        {
            service = await counters.StopAsync().ConfigureAwait(false);
            if (service.Problem is { } lost)
            {
                log.WriteLine($"[modulo-perf] warning: {lost}");
            }
        }
        var machineProbeMs = Math.Max(probeBefore, MachineProbe.MeasureMilliseconds());

        var failures = FailureCauses.All.ToDictionary(
            cause => cause,
            cause => metrics.QueryRate(MetricCatalog.HttpReqFailed, new Dictionary<string, string> { ["cause"] = cause }).Passes);
        var requests = metrics.QueryCounter(MetricCatalog.HttpReqs, new Dictionary<string, string>()).Count;
        if (requests > 0 && failures["refused"] == requests)
        {
            return Unreachable(started, fingerprint, $"every one of {requests} requests to {plan.BaseUrl} was refused");
        }

        var thresholds = plan.Thresholds.Select(t => ThresholdEvaluator.Evaluate(t, metrics)).ToList();
        var sloPassed = thresholds.All(t => t.Ok) && outcome.AbortedBy is null;
        var measured = RunMeasurements.Capture(metrics, plan.Scenarios.Select(s => s.Name), fingerprint, started, GitCommit.FromEnvironment(), machineProbeMs);
        BaselineComparison? comparison = null;
        RunError? baselineError = null;
        try
        {
            comparison = BaselineComparer.Compare(baselinePath, baseline, measured, config.Regression, options.AllowFingerprintMismatch);
            if (sloPassed && options.UpdateBaseline)
            {
                var sloThresholds = config.Thresholds.GroupBy(t => t.Selector.Text).ToDictionary(g => g.Key, g => (IReadOnlyList<string>)[.. g.Select(t => t.Source)]);
                BaselineStore.Record(baselinePath, measured, config.Regression, sloThresholds);
                comparison = comparison with { BaselineUpdated = true };
            }
        }
        catch (ConfigurationException ex)
        {
            // The run's measurements still go into the reports; only the verdict on the baseline is impossible.
            log.WriteLine(ex.Diagnostic);
            baselineError = new RunError(RunError.Configuration, ex.Message, ex.Location);
        }
        return new RunResult
        {
            Verdict = baselineError is not null ? Verdict.InvalidConfiguration
                : !sloPassed ? Verdict.SloViolation
                : comparison!.HasRegression ? Verdict.Regression
                : Verdict.Pass,
            Comparison = comparison,
            Errors = baselineError is null ? [] : [baselineError],
            Started = started,
            Fingerprint = fingerprint,
            Metrics = metrics,
            Thresholds = thresholds,
            AbortedBy = outcome.AbortedBy,
            DurationSeconds = outcome.ElapsedSeconds,
            FailuresByCause = failures,
            EngineUsage = outcome.Usage,
            Service = service,
        };
    }

    private static RunResult Unreachable(DateTimeOffset started, RunFingerprint fingerprint, string problem) => new()
    {
        Verdict = Verdict.TargetUnreachable,
        Started = started,
        Fingerprint = fingerprint,
        Errors = [new RunError(RunError.Unreachable, problem, null)],
    };

    private static RunFingerprint Fingerprint(PerfGateConfig config, LoadPlan plan)
    {
        var builtIn = plan.Scenarios.Where(s => config.Scenarios.All(c => c.Name != s.Name)).Select(s => s.Name).ToList();
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
            plan.BaseUrl.ToString(),
            EngineVersion,
            Environment.ProcessorCount);
    }
}
