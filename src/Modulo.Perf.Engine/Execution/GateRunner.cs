using System.Reflection;
using Modulo.Perf.Engine.Cli;
using Modulo.Perf.Engine.Configuration;
using Modulo.Perf.Engine.Metrics;
using Modulo.Perf.Engine.Reporting;
using Modulo.Perf.Engine.Thresholds;

namespace Modulo.Perf.Engine.Execution;

/// <summary>
/// The <c>run</c> command end to end: load and resolve the configuration, check the target answers, drive the
/// load, judge thresholds, write results.json and performance-report.md, and return the verdict.
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

        if (await TargetProbe.FindProblemAsync(plan.BaseUrl, ProbeTimeout, cancellation).ConfigureAwait(false) is { } problem)
        {
            log.WriteLine($"error: the target could not be reached: {problem}");
            return Unreachable(started, fingerprint, problem);
        }

        log.WriteLine($"[modulo-perf] {fingerprint.Profile} ({fingerprint.Executor}): {string.Join(", ", plan.Scenarios.Select(s => s.Name))} against {plan.BaseUrl} for {plan.Profile.Duration.TotalSeconds:0.#} s");
        var metrics = new MetricRegistry();
        var outcome = await new LoadTest(plan, metrics, log).RunAsync(cancellation).ConfigureAwait(false);

        var failures = FailureCauses.All.ToDictionary(
            cause => cause,
            cause => ((RateAggregate)metrics.Query(MetricCatalog.HttpReqFailed, new Dictionary<string, string> { ["cause"] = cause })).Passes);
        var requests = ((CounterAggregate)metrics.Query(MetricCatalog.HttpReqs, new Dictionary<string, string>())).Count;
        if (requests > 0 && failures["refused"] == requests)
        {
            return Unreachable(started, fingerprint, $"every one of {requests} requests to {plan.BaseUrl} was refused");
        }

        var thresholds = plan.Thresholds.Select(t => ThresholdEvaluator.Evaluate(t, metrics)).ToList();
        return new RunResult
        {
            Verdict = thresholds.All(t => t.Ok) && outcome.AbortedBy is null ? Verdict.Pass : Verdict.SloViolation,
            Started = started,
            Fingerprint = fingerprint,
            Metrics = metrics,
            Thresholds = thresholds,
            AbortedBy = outcome.AbortedBy,
            DurationSeconds = outcome.ElapsedSeconds,
            FailuresByCause = failures,
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
