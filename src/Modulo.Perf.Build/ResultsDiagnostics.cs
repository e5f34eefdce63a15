using System.Globalization;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace Modulo.Perf.Build;

/// <summary>Turns the engine's verdict into MSBuild diagnostics at the positions it names.</summary>
public static class ResultsDiagnostics
{
    public static void Log(GateResults results, string baselinePath, TaskLoggingHelper log)
    {
        foreach (var error in results.Errors ?? [])
        {
            var code = error.Kind == "unreachable" ? DiagnosticCodes.TargetUnreachable : DiagnosticCodes.InvalidConfiguration;
            log.LogError(null, code, null, error.File, error.Line ?? 0, error.Column ?? 0, 0, 0, error.Message);
        }

        foreach (var threshold in (results.Thresholds ?? []).Where(t => !t.Ok))
        {
            var code = threshold.Actual is null ? DiagnosticCodes.ThresholdWithoutSamples : DiagnosticCodes.ThresholdFailed;
            log.LogError(null, code, null, threshold.File, threshold.Line, threshold.Column, 0, 0, threshold.Message);
        }

        if (results.Aborted)
        {
            // The run stopped at the first abortOnFail threshold that failed; point there.
            var trigger = (results.Thresholds ?? []).FirstOrDefault(t => t.AbortOnFail && !t.Ok);
            var after = results.Run is null ? "" : string.Create(CultureInfo.InvariantCulture, $" after {results.Run.DurationSeconds:0.#} s");
            log.LogError(null, DiagnosticCodes.RunAborted, null, trigger?.File, trigger?.Line ?? 0, trigger?.Column ?? 0, 0, 0,
                trigger is null
                    ? $"The run was aborted{after} by an abortOnFail threshold."
                    : $"The run was aborted{after} because {trigger.Metric} {trigger.Expression} (abortOnFail) failed.");
        }

        foreach (var comparison in results.Regressions ?? [])
        {
            var file = comparison.File ?? baselinePath;
            var text = Describe(comparison);
            if (comparison.Inconclusive)
            {
                log.LogMessage(MessageImportance.High, $"{file}: inconclusive comparison: {text}");
            }
            else if (comparison.Regression)
            {
                log.LogWarning(null, RegressionCode(comparison.Kind), null, file, 0, 0, 0, 0, text);
            }
        }
    }

    private static string RegressionCode(string kind) => kind switch
    {
        "error_rate" => DiagnosticCodes.ErrorRateRegression,
        "throughput" => DiagnosticCodes.ThroughputRegression,
        "alloc_per_request" => DiagnosticCodes.AllocationRegression,
        "cpu_per_request" => DiagnosticCodes.CpuRegression,
        // "latency", the contract's first kind.
        _ => DiagnosticCodes.LatencyRegression,
    };

    private static string Describe(RegressionResult comparison)
    {
        var subject = comparison.Suite is null ? comparison.Metric : $"{comparison.Suite} {comparison.Metric}";
        var reason = string.IsNullOrWhiteSpace(comparison.Reason) ? "" : $" ({comparison.Reason})";
        return string.Create(CultureInfo.InvariantCulture,
            $"{subject} {comparison.Kind.Replace('_', ' ')} regression: current {comparison.Current:0.###}, baseline {comparison.Baseline:0.###}, change {comparison.ChangePercent:+0.0;-0.0;0.0}%{reason}");
    }
}
