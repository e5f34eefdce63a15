using System.Globalization;
using System.Net;
using System.Text;
using Modulo.Perf.Engine.Baselines;

namespace Modulo.Perf.Engine.Reporting.Html;

/// <summary>The HTML report's "head vs base" part: the interval table and a per-round dot chart per metric.</summary>
public static class InterleavedSection
{
    public static void Append(StringBuilder html, InterleavedComparison? comparison)
    {
        if (comparison is null)
        {
            return;
        }
        html.Append("<h2>Head vs base</h2>\n");
        html.Append(Invariant($"<p>Interleaved on this machine: base <code>{Encode(comparison.BaseUrl)}</code>, head <code>{Encode(comparison.HeadUrl)}</code>, {comparison.Rounds.Count} rounds of {comparison.RoundSeconds:0.#} s in ABBA order after one warm-up round per side.</p>\n"));
        html.Append("<table class=\"comparison\">\n<tr><th></th><th>Suite</th><th>Metric</th><th class=\"num\">Base</th><th class=\"num\">Head</th><th class=\"num\">Change</th><th class=\"num\">99 % interval</th><th>Why</th></tr>\n");
        foreach (var m in comparison.Metrics)
        {
            var (css, label) = Badge(m.Outcome);
            var c = m.Comparison;
            html.Append($"<tr class=\"{label}\"><td><span class=\"badge {css}\">{label}</span></td><td>{Encode(m.Suite)}</td><td><code>{Encode(m.Metric)}</code></td>");
            html.Append($"<td class=\"num\">{Encode(ComparisonFormat.Value(m.Kind, c.Baseline))}</td><td class=\"num\">{Encode(ComparisonFormat.Value(m.Kind, c.Current))}</td>");
            html.Append($"<td class=\"num\">{Encode(ComparisonFormat.Change(c))}</td><td class=\"num\">{Encode(InterleavedMarkdown.Interval(m))}</td><td>{Encode(c.Reason)}</td></tr>\n");
        }
        html.Append("</table>\n");
        foreach (var m in comparison.Metrics.Where(m => m.Pairs.Count > 0))
        {
            html.Append(ReportCharts.RoundDots(m).Render()).Append('\n');
        }
        html.Append("<p class=\"note\">Each dot is one measured round; hollow is base, filled is head. Adjacent rounds form the pairs compared.</p>\n");
    }

    private static (string Css, string Label) Badge(InterleavedOutcome outcome) => outcome switch
    {
        InterleavedOutcome.Regression => ("warn", "regression"),
        InterleavedOutcome.Improvement => ("pass", "improvement"),
        InterleavedOutcome.NoChange => ("pass", "no change"),
        _ => ("info", "inconclusive"),
    };

    private static string Encode(string text) => WebUtility.HtmlEncode(text);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
