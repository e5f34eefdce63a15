using System.Reflection;
using Modulo.Perf.Engine.Baselines;
using Modulo.Perf.Engine.Configuration;
using Modulo.Perf.Engine.Execution;
using Modulo.Perf.Engine.Execution.Executors;
using Modulo.Perf.Engine.Execution.Segments;
using Modulo.Perf.Engine.Metrics;
using Modulo.Perf.Engine.Outcome;
using Modulo.Perf.Engine.Reporting;
using Modulo.Perf.Engine.SourceText;

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
        var baseline = BaselineStore.Read(BaselineLocation.Resolve(options.BaselinePath, config.SourcePath));

        if (await TargetProbe.FindProblemAsync(plan.BaseUrl, ProbeTimeout, cancellation).ConfigureAwait(false) is { } problem)
        {
            log.WriteLine($"error: the target could not be reached: {problem}");
            return Unreachable(started, fingerprint, problem);
        }

        var segment = plan.Segment ?? ExecutionTuple.Whole;
        var start = await SegmentStart.WaitAsync(options.StartAt, TimeProvider.System, cancellation).ConfigureAwait(false);
        log.WriteLine($"[modulo-perf] {fingerprint.Profile} ({fingerprint.Executor}{(segment.IsWhole ? "" : $", {segment.Name}")}): {string.Join(", ", plan.Scenarios.Select(s => s.Name))} against {plan.BaseUrl} for {plan.Profile.Duration.TotalSeconds:0.#} s");
        var metrics = new MetricRegistry();
        var probeBefore = MachineProbe.MeasureMilliseconds();
        var outcome = await new LoadRun(plan, metrics, log).RunAsync(cancellation).ConfigureAwait(false);
        var machineProbeMs = Math.Max(probeBefore, MachineProbe.MeasureMilliseconds());

        var requests = metrics.QueryCounter(MetricCatalog.HttpReqs, new Dictionary<string, string>()).Count;
        var refused = metrics.QueryRate(MetricCatalog.HttpReqFailed, new Dictionary<string, string> { ["cause"] = "refused" }).Passes;
        if (requests > 0 && refused == requests)
        {
            return Unreachable(started, fingerprint, $"every one of {requests} requests to {plan.BaseUrl} was refused");
        }
        var load = new MeasuredLoad(
            metrics, fingerprint, [.. plan.Scenarios.Select(s => s.Name)], started, outcome.ElapsedSeconds, machineProbeMs,
            outcome.AbortedBy, outcome.Usage, segment, start);
        return RunJudgement.Judge(config, new BaselineChoice(options.BaselinePath, baseline, options.UpdateBaseline, options.AllowFingerprintMismatch), load, log);
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
