using System.Globalization;
using System.Net;
using System.Text;
using Modulo.Perf.Engine.Baselines;

namespace Modulo.Perf.Engine.Reporting.Html;

/// <summary>The HTML report's baseline part: the comparison table and the p95 trend over the stored history.</summary>
public static class ComparisonSection
{
    public static void Append(StringBuilder html, BaselineComparison? comparison)
    {
        if (comparison is null)
        {
            return;
        }
        html.Append("<h2>Baseline comparison</h2>\n");
        var headlineCss = comparison.FingerprintDifferences.Count > 0 ? " class=\"notice\"" : "";
        html.Append($"<p{headlineCss}>{Encode(ComparisonHeadline.For(comparison))}</p>\n");
        if (comparison.History.Count == 0)
        {
            return;
        }
        html.Append("<table class=\"comparison\">\n<tr><th></th><th>Suite</th><th>Metric</th><th class=\"num\">Baseline</th><th class=\"num\">Current</th><th class=\"num\">Change</th><th>Why</th></tr>\n");
        foreach (var m in comparison.Metrics)
        {
            var css = m.Outcome switch
            {
                ComparisonOutcome.Regression => "warn",
                ComparisonOutcome.Inconclusive => "info",
                _ => "pass",
            };
            var label = m.Outcome.Word();
            var row = m.Outcome == ComparisonOutcome.Unchanged ? "ok" : label;
            html.Append($"<tr class=\"{row}\"><td><span class=\"badge {css}\">{label}</span></td><td>{Encode(m.Suite)}</td><td><code>{Encode(m.Metric)}</code></td>");
            html.Append($"<td class=\"num\">{Encode(ComparisonFormat.Value(m.Kind, m.Baseline))}</td><td class=\"num\">{Encode(ComparisonFormat.Value(m.Kind, m.Current))}</td>");
            html.Append($"<td class=\"num\">{Encode(ComparisonFormat.Change(m))}</td><td>{Encode(m.Reason)}</td></tr>\n");
        }
        html.Append("</table>\n");
        if (ReportCharts.P95Trend(comparison) is { } trend)
        {
            html.Append("<h2>p95 over the baseline history</h2>\n").Append(trend.Render()).Append('\n');
            html.Append("<p class=\"note\">Each stored run of the baseline, oldest first, then this run.</p>\n");
        }
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
