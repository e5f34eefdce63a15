using Modulo.Perf.Engine.Baselines;
using Modulo.Perf.Engine.Configuration;
using Modulo.Perf.Engine.Outcome;
using Modulo.Perf.Engine.SourceText;
using Modulo.Perf.Engine.Thresholds;

namespace Modulo.Perf.Engine.Gate;

/// <summary>
/// Judges a measured load once: thresholds over its metrics, then the baseline comparison (and the baseline update
/// when asked and the SLOs passed). The same for <c>run</c> and <c>merge</c>, so a merged run gets the verdict
/// and exit code one run of the whole load would have. A segment alone is not the whole load: it is never
/// compared with nor recorded into the baseline.
/// </summary>
internal static class RunJudgement
{
    public static RunResult Judge(PerfGateConfig config, BaselineChoice choice, MeasuredLoad load, TextWriter log)
    {
        var metrics = load.Metrics;
        var failures = FailureCounts.ByCause(metrics);
        var thresholds = config.Thresholds.Select(t => ThresholdEvaluator.Evaluate(t, metrics)).ToList();
        var sloPassed = thresholds.All(t => t.Ok) && load.AbortedBy is null;
        BaselineComparison? comparison = null;
        RunError? baselineError = null;
        if (load.Segment.IsWhole)
        {
            var baselinePath = BaselineLocation.Resolve(choice.Path, config.SourcePath);
            var measured = RunMeasurements.Capture(metrics, load.Scenarios, load.Fingerprint, load.Started, GitCommit.FromEnvironment(), load.MachineProbeMs);
            try
            {
                comparison = BaselineComparer.Compare(baselinePath, choice.Baseline, measured, config.Regression, choice.AllowFingerprintMismatch) with
                {
                    Options = choice.Options,
                };
                if (sloPassed && choice.Update)
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
        }
        return new RunResult
        {
            Verdict = baselineError is not null ? Verdict.InvalidConfiguration
                : !sloPassed ? Verdict.SloViolation
                : comparison?.HasRegression == true ? Verdict.Regression
                : Verdict.Pass,
            Comparison = comparison,
            Errors = baselineError is null ? [] : [baselineError],
            Started = load.Started,
            Fingerprint = load.Fingerprint,
            Metrics = metrics,
            Thresholds = thresholds,
            AbortedBy = load.AbortedBy,
            DurationSeconds = load.DurationSeconds,
            FailuresByCause = failures,
            EngineUsage = load.Usage,
            Segment = load.Segment,
            SegmentStart = load.Start,
            MachineProbeMs = load.MachineProbeMs,
            Warmup = load.Warmup,
            Service = load.Service,
        };
    }
}
