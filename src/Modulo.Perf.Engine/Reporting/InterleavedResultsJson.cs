using System.Text.Json;
using Modulo.Perf.Engine.Baselines;

namespace Modulo.Perf.Engine.Reporting;

/// <summary>
/// comparison-results.json of an interleaved comparison: the seed's shape (per suite <c>metrics</c> and
/// <c>comparisons</c>) with <c>"mode": "interleaved"</c>, both targets, every round, and per metric the
/// outcome, the median change, its 99 % interval and the value of each ABBA pair (docs/baselines.md).
/// </summary>
internal static class InterleavedResultsJson
{
    public static void Write(Utf8JsonWriter json, InterleavedComparison comparison)
    {
        json.WriteString("mode", "interleaved");
        json.WriteString("base_url", comparison.BaseUrl);
        json.WriteString("head_url", comparison.HeadUrl);
        json.WriteNumber("round_seconds", ComparisonResultsWriter.Round(comparison.RoundSeconds));
        json.WriteStartArray("rounds");
        foreach (var round in comparison.Rounds)
        {
            json.WriteStartObject();
            json.WriteNumber("index", round.Index);
            json.WriteString("role", round.Role.JsonName());
            json.WriteBoolean("warmup", round.Warmup);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteStartObject("comparison_results");
        foreach (var suite in comparison.Metrics.GroupBy(m => m.Suite))
        {
            json.WriteStartObject(suite.Key);
            json.WriteStartObject("metrics");
            foreach (var m in suite)
            {
                json.WriteNumber(m.Metric, ComparisonResultsWriter.Round(m.Comparison.Current));
            }
            json.WriteEndObject();
            json.WriteStartObject("comparisons");
            foreach (var m in suite)
            {
                WriteMetric(json, m);
            }
            json.WriteEndObject();
            json.WriteEndObject();
        }
        json.WriteEndObject();
    }

    private static void WriteMetric(Utf8JsonWriter json, InterleavedMetric m)
    {
        var ratio = m.Kind != ComparisonKind.ErrorRate;
        json.WriteStartObject(m.Metric);
        ComparisonResultsWriter.WriteComparison(json, m.Comparison);
        json.WriteString("outcome", m.Outcome.JsonName());
        json.WriteString("change_unit", ratio ? "percent" : "points");
        if (m.Estimate is { } e)
        {
            json.WriteNumber("estimate", Math.Round(e.Median, 2));
            json.WriteStartArray("interval");
            json.WriteNumberValue(Math.Round(e.Low, 2));
            json.WriteNumberValue(Math.Round(e.High, 2));
            json.WriteEndArray();
            json.WriteNumber("interval_coverage", Math.Round(e.Coverage, 4));
            if (ratio)
            {
                json.WriteNumber("ratio", Math.Round(1 + e.Median / 100, 4));
            }
        }
        json.WriteStartArray("pairs");
        foreach (var pair in m.Pairs)
        {
            json.WriteStartObject();
            json.WriteNumber("base_round", pair.BaseRound);
            json.WriteNumber("head_round", pair.HeadRound);
            json.WriteNumber("base", ComparisonResultsWriter.Round(pair.Base));
            json.WriteNumber("head", ComparisonResultsWriter.Round(pair.Head));
            json.WriteNumber("change", Math.Round(pair.Change, 2));
            if (ratio)
            {
                json.WriteNumber("ratio", Math.Round(1 + pair.Change / 100, 4));
            }
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }
}
