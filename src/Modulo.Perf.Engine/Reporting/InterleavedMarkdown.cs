using System.Globalization;
using System.Text;
using Modulo.Perf.Engine.Baselines;

namespace Modulo.Perf.Engine.Reporting;

/// <summary>performance-report.md's "head vs base" part: each metric's median change, its 99 % interval and every pair.</summary>
public static class InterleavedMarkdown
{
    public static void Append(StringBuilder md, InterleavedComparison? comparison)
    {
        if (comparison is null)
        {
            return;
        }
        md.AppendLine("## Head vs base").AppendLine();
        md.AppendLine(Invariant($"Interleaved on this machine: base `{comparison.BaseUrl}`, head `{comparison.HeadUrl}`, {comparison.Rounds.Count} rounds of {comparison.RoundSeconds:0.#} s in ABBA order after one warm-up round per side."));
        md.AppendLine();
        md.AppendLine("| | Suite | Metric | Base | Head | Change | 99 % interval | Pairs (head vs base) | Why |");
        md.AppendLine("|---|---|---|---|---|---|---|---|---|");
        foreach (var m in comparison.Metrics)
        {
            var mark = m.Outcome switch
            {
                InterleavedOutcome.Regression => "⚠️",
                InterleavedOutcome.Inconclusive => "❔",
                InterleavedOutcome.Improvement => "🚀",
                _ => "✅",
            };
            var c = m.Comparison;
            var pairs = string.Join(" ", m.Pairs.Select(p => Invariant($"{p.Change:+0.#;-0.#;0}")));
            md.AppendLine($"| {mark} | {m.Suite} | `{m.Metric}` | {ComparisonFormat.Value(m.Kind, c.Baseline)} | {ComparisonFormat.Value(m.Kind, c.Current)} | {ComparisonFormat.Change(c)} | {Interval(m)} | {pairs} | {c.Reason} |");
        }
        md.AppendLine();
    }

    /// <summary>The 99 % interval of the change, in the metric's unit of change, or a dash when there is none.</summary>
    public static string Interval(InterleavedMetric m) => m.Estimate is { } e
        ? Invariant($"{e.Low:+0.0;-0.0;0.0} … {e.High:+0.0;-0.0;0.0}{(m.Kind == ComparisonKind.ErrorRate ? " points" : "%")}")
        : "–";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
