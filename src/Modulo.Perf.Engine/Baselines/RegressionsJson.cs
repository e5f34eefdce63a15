using System.Text.Json;

namespace Modulo.Perf.Engine.Baselines;

/// <summary>
/// results.json's <c>regressions[]</c> (every compared metric, against the baseline or head against base) and
/// <c>baseline</c> (the comparison's one-line outcome), in the contract of docs/results-format.md. <c>file</c> is
/// the baseline file, or for an interleaved comparison the config whose tolerances judged it.
/// </summary>
public static class RegressionsJson
{
    public static void Write(Utf8JsonWriter json, BaselineComparison? comparison, InterleavedComparison? interleaved)
    {
        var compared = (comparison?.Metrics ?? []).Select(m => (Metric: m, File: comparison!.BaselinePath))
            .Concat((interleaved?.Metrics ?? []).Select(m => (Metric: m.Comparison, File: interleaved!.ConfigPath)));
        json.WriteStartArray("regressions");
        foreach (var (m, file) in compared)
        {
            json.WriteStartObject();
            json.WriteString("suite", m.Suite);
            json.WriteString("metric", m.Metric);
            json.WriteString("kind", m.Kind.JsonName());
            json.WriteNumber("current", Math.Round(m.Current, 3));
            json.WriteNumber("baseline", Math.Round(m.Baseline, 3));
            json.WriteNumber("changePercent", Math.Round(m.ChangePercent, 2));
            json.WriteBoolean("regression", m.Regression);
            json.WriteBoolean("inconclusive", m.Inconclusive);
            json.WriteBoolean("improvement", m.Improvement);
            json.WriteString("reason", m.Reason);
            json.WriteString("message", ComparisonFormat.Message(m));
            json.WriteString("file", file);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        if (comparison is not null)
        {
            json.WriteStartObject("baseline");
            json.WriteString("file", comparison.BaselinePath);
            json.WriteBoolean("updated", comparison.BaselineUpdated);
            json.WriteStartArray("fingerprintDifferences");
            foreach (var difference in comparison.FingerprintDifferences)
            {
                json.WriteStringValue(difference);
            }
            json.WriteEndArray();
            json.WriteString("summary", ComparisonHeadline.For(comparison));
            json.WriteEndObject();
        }
    }
}
