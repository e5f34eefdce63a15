using System.Globalization;
using Modulo.Perf.Engine.Metrics;

namespace Modulo.Perf.Engine.Baselines;

/// <summary>
/// How every report (console, MSBuild, markdown, HTML, junit.xml) writes a baseline comparison, so all read
/// alike: values with their unit, one signed change, and error rates in percentage points wherever a change or
/// tolerance is meant.
/// </summary>
public static class ComparisonFormat
{
    public static string Value(ComparisonKind kind, double value) => kind switch
    {
        ComparisonKind.Latency => $"{MeasuredNumber.Format(value)} ms",
        ComparisonKind.ErrorRate => $"{MeasuredNumber.Format(value)} %",
        ComparisonKind.AllocPerRequest => $"{MeasuredNumber.Format(value)} B/req",
        ComparisonKind.CpuPerRequest => $"{MeasuredNumber.Format(value)} ms/req",
        _ => $"{MeasuredNumber.Format(value)} req/s",
    };

    /// <summary>The unit a kind's values are in.</summary>
    public static string Unit(ComparisonKind kind) => kind switch
    {
        ComparisonKind.Latency => "ms",
        ComparisonKind.ErrorRate => "%",
        ComparisonKind.AllocPerRequest => "B/req",
        ComparisonKind.CpuPerRequest => "ms/req",
        _ => "req/s",
    };

    /// <summary>Latency and throughput change in percent; error rates in percentage points (from 0 % a ratio is infinite).</summary>
    public static string Change(MetricComparison comparison) => Change(comparison.Kind, comparison.ChangePercent);

    public static string Change(ComparisonKind kind, double change) =>
        Invariant($"{change:+0.0;-0.0;0.0}{Unit(kind, change)}");

    /// <summary>A tolerance in the unit its changes are measured in: "15 %" or "0.5 points".</summary>
    public static string Tolerance(ComparisonKind kind, double tolerance) => Invariant($"{tolerance:0.##}{Unit(kind, tolerance)}");

    /// <summary>
    /// The one line of a compared metric: "crud-operations read_latency_p95: regression, 27.4 ms against a baseline
    /// of 21.1 ms (+29.9 %); beyond the 15 % tolerance and ...".
    /// </summary>
    public static string Message(MetricComparison comparison) =>
        $"{comparison.Suite} {comparison.Metric}: {comparison.Outcome.Word()}, {Value(comparison.Kind, comparison.Current)} against a baseline of {Value(comparison.Kind, comparison.Baseline)} ({Change(comparison)}); {comparison.Reason}";

    private static string Unit(ComparisonKind kind, double amount) =>
        kind != ComparisonKind.ErrorRate ? " %" : Math.Abs(amount) == 1 ? " point" : " points";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
