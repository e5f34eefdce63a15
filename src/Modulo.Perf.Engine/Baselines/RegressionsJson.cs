using System.Text.Json;

namespace Modulo.Perf.Engine.Baselines;

/// <summary>results.json's <c>regressions[]</c>: every compared metric, in the contract of docs/results-format.md.</summary>
public static class RegressionsJson
{
    public static void Write(Utf8JsonWriter json, BaselineComparison? comparison)
    {
        json.WriteStartArray("regressions");
        foreach (var m in comparison?.Metrics ?? [])
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
            json.WriteString("reason", m.Reason);
            json.WriteString("file", comparison!.BaselinePath);
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }
}
