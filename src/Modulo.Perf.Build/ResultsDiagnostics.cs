using System.Globalization;
using Microsoft.Build.Utilities;

namespace Modulo.Perf.Build;

/// <summary>Turns the engine's verdict into MSBuild diagnostics at the positions it names.</summary>
public static class ResultsDiagnostics
{
    public static void Log(GateResults results, string baselinePath, TaskLoggingHelper log)
    {
        foreach (var error in results.Errors ?? [])
        {
            var code = error.Kind switch
            {
                "unreachable" => DiagnosticCodes.TargetUnreachable,
                "internal" => DiagnosticCodes.EngineInternalError,
                "interrupted" => DiagnosticCodes.EngineInterrupted,
                "merge_input" => DiagnosticCodes.MergeInputInvalid,
                _ => DiagnosticCodes.InvalidConfiguration,
            };
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

        // The baseline's summary line and its inconclusive or improved metrics are already in the log: the engine
        // prints them and the task forwards its output. Only regressions become diagnostics.
        foreach (var comparison in (results.Regressions ?? []).Where(r => r.Regression))
        {
            log.LogWarning(null, RegressionCode(comparison.Kind), null, comparison.File ?? baselinePath, 0, 0, 0, 0, comparison.Message);
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
}
