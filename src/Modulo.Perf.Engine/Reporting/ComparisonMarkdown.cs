using System.Globalization;
using System.Text;
using Modulo.Perf.Engine.Baselines;

namespace Modulo.Perf.Engine.Reporting;

/// <summary>
/// performance-report.md's baseline part: a comparison table, then one Mermaid <c>xychart-beta</c> per latency
/// trend showing p95 over the stored history and this run (GitHub renders Mermaid inline).
/// </summary>
public static class ComparisonMarkdown
{
    public static void Append(StringBuilder md, BaselineComparison? comparison)
    {
        if (comparison is null)
        {
            return;
        }
        md.AppendLine("## Baseline comparison").AppendLine();
        md.AppendLine(ComparisonHeadline.For(comparison)).AppendLine();
        if (comparison.History.Count == 0)
        {
            return;
        }
        md.AppendLine("| | Suite | Metric | Baseline | Current | Change | Why |");
        md.AppendLine("|---|---|---|---|---|---|---|");
        foreach (var m in comparison.Metrics)
        {
            var mark = m.Outcome switch
            {
                ComparisonOutcome.Regression => "⚠️",
                ComparisonOutcome.Inconclusive => "❔",
                _ => "✅",
            };
            md.AppendLine($"| {mark} {m.Outcome.Word()} | {m.Suite} | `{m.Metric}` | {ComparisonFormat.Value(m.Kind, m.Baseline)} | {ComparisonFormat.Value(m.Kind, m.Current)} | {ComparisonFormat.Change(m)} | {m.Reason} |");
        }
        md.AppendLine();
        AppendTrendCharts(md, comparison);
    }

    private static void AppendTrendCharts(StringBuilder md, BaselineComparison comparison)
    {
        var charts = comparison.Current.Suites
            .SelectMany(suite => suite.Value.Latency.Select(latency => (Suite: suite.Key, Metric: latency.Key, Current: latency.Value.P95)))
            .Select(c => (c.Suite, c.Metric, Points: comparison.History
                .Select(run => (run.Recorded, P95: run.Suites.GetValueOrDefault(c.Suite)?.Latency.GetValueOrDefault(c.Metric)?.P95))
                .Where(p => p.P95 is not null)
                .Select(p => (Label: p.Recorded.UtcDateTime.ToString("MM-dd HH:mm", CultureInfo.InvariantCulture), Value: p.P95!.Value))
                .Append((Label: "this run", Value: c.Current))
                .ToList()))
            .Where(c => c.Points.Count > 1)
            .ToList();
        if (charts.Count == 0)
        {
            return;
        }
        md.AppendLine("## p95 over the baseline history").AppendLine();
        foreach (var (suite, metric, points) in charts)
        {
            md.AppendLine("```mermaid");
            md.AppendLine("xychart-beta");
            md.AppendLine($"    title \"{suite} {metric}\"");
            md.AppendLine($"    x-axis [{string.Join(", ", points.Select(p => $"\"{p.Label}\""))}]");
            md.AppendLine("    y-axis \"p95 (ms)\"");
            md.AppendLine($"    line [{string.Join(", ", points.Select(p => Invariant($"{p.Value:0.###}")))}]");
            md.AppendLine("```").AppendLine();
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
