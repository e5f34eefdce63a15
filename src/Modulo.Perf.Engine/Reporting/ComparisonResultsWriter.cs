using System.Text.Encodings.Web;
using System.Text.Json;
using Modulo.Perf.Engine.Baselines;
using Modulo.Perf.Engine.Outcome;

namespace Modulo.Perf.Engine.Reporting;

/// <summary>
/// comparison-results.json in the shape docs/baselines.md defines: per suite (<c>crud-operations</c>, ... or a scenario's name) the
/// run's <c>metrics</c> and its <c>comparisons</c> with the baseline, extended with the verdict's reasoning.
/// Written on every run, empty when there was nothing to compare, so a stale file never outlives its run.
/// <c>mode</c> says which comparison made it: <c>baseline</c>, or <c>interleaved</c> (<see cref="InterleavedResultsJson"/>).
/// </summary>
public static class ComparisonResultsWriter
{
    public const string FileName = "comparison-results.json";

    public static void Write(string directory, RunResult result)
    {
        Directory.CreateDirectory(directory);
        using var stream = File.Create(Path.Combine(directory, FileName));
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        var comparison = result.Comparison;
        json.WriteStartObject();
        if (result.Interleaved is { } interleaved)
        {
            InterleavedResultsJson.Write(json, interleaved);
            json.WriteEndObject();
            return;
        }
        json.WriteString("mode", "baseline");
        if (comparison is not null)
        {
            json.WriteString("baseline_file", comparison.BaselinePath);
            json.WriteNumber("baseline_runs", comparison.History.Count);
            json.WriteBoolean("baseline_updated", comparison.BaselineUpdated);
            json.WriteStartArray("fingerprint_differences");
            foreach (var difference in comparison.FingerprintDifferences)
            {
                json.WriteStringValue(difference);
            }
            json.WriteEndArray();
        }
        json.WriteStartObject("comparison_results");
        foreach (var (suite, measured) in comparison?.Current.Suites ?? new Dictionary<string, SuiteMeasurements>())
        {
            json.WriteStartObject(suite);
            json.WriteStartObject("metrics");
            foreach (var (metric, latency) in measured.Latency)
            {
                json.WriteNumber(metric, Round(latency.P95));
            }
            if (measured.ErrorRate is { } errors)
            {
                json.WriteNumber(SuiteMeasurements.ErrorRateMetric, Round(100 * errors.Rate));
            }
            if (measured.Throughput is { } throughput)
            {
                json.WriteNumber(SuiteMeasurements.ThroughputMetric, Round(throughput.Rps));
            }
            json.WriteEndObject();
            json.WriteStartObject("comparisons");
            foreach (var m in comparison!.Metrics.Where(m => m.Suite == suite))
            {
                json.WriteStartObject(m.Metric);
                WriteComparison(json, m);
                json.WriteEndObject();
            }
            json.WriteEndObject();
            json.WriteEndObject();
        }
        json.WriteEndObject();
        json.WriteEndObject();
    }

    /// <summary>The fields every comparison entry has, whichever mode made it.</summary>
    internal static void WriteComparison(Utf8JsonWriter json, MetricComparison m)
    {
        json.WriteNumber("current", Round(m.Current));
        json.WriteNumber("baseline", Round(m.Baseline));
        json.WriteNumber("change_percent", Math.Round(m.ChangePercent, 2));
        json.WriteBoolean("regression", m.Regression);
        json.WriteBoolean("inconclusive", m.Inconclusive);
        json.WriteString("kind", m.Kind.JsonName());
        json.WriteString("reason", m.Reason);
    }

    internal static double Round(double value) => Math.Round(value, 3);
}
