using System.Globalization;

namespace Modulo.Perf.Engine.Baselines;

/// <summary>How every report (markdown, HTML, junit.xml) writes a baseline comparison's values, so all read alike.</summary>
public static class ComparisonFormat
{
    public static string Value(ComparisonKind kind, double value) => kind switch
    {
        ComparisonKind.Latency => Invariant($"{value:0.###} ms"),
        ComparisonKind.ErrorRate => Invariant($"{value:0.###} %"),
        ComparisonKind.AllocPerRequest => Invariant($"{value:0} B/req"),
        ComparisonKind.CpuPerRequest => Invariant($"{value:0.####} ms/req"),
        _ => Invariant($"{value:0.#} req/s"),
    };

    /// <summary>Latency and throughput change in percent; error rates in percentage points (from 0 % a ratio is infinite).</summary>
    public static string Change(MetricComparison comparison) =>
        Invariant($"{comparison.ChangePercent:+0.0;-0.0;0.0}{(comparison.Kind == ComparisonKind.ErrorRate ? " points" : "%")}");

    /// <summary>One line with everything a reader needs: current, baseline and change.</summary>
    public static string Summary(MetricComparison comparison) =>
        $"{comparison.Suite} {comparison.Metric}: current {Value(comparison.Kind, comparison.Current)}, baseline {Value(comparison.Kind, comparison.Baseline)}, change {Change(comparison)}";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
