using Modulo.Perf.Engine.Metrics;

namespace Modulo.Perf.Engine.Thresholds;

/// <summary>
/// k6's aggregations per metric type, in one table: how each is written, its unit, and how its value is read
/// from an aggregate. The parser accepts, the evaluator reads and the error messages list from this table,
/// so they cannot disagree. Rows are in the order docs/thresholds.md lists them.
/// </summary>
public static class MetricTypeAggregations
{
    private sealed record Row(MetricType Type, Aggregation Aggregation, string Written, string Unit, Func<MetricAggregate, double, double> Read);

    private static readonly Row[] Rows =
    [
        Trend(Aggregation.Avg, "avg", (trend, _) => trend.Avg),
        Trend(Aggregation.Min, "min", (trend, _) => trend.Min),
        Trend(Aggregation.Max, "max", (trend, _) => trend.Max),
        Trend(Aggregation.Med, "med", (trend, _) => trend.Med),
        Trend(Aggregation.Percentile, "p(N)", (trend, percentile) => trend.Percentile(percentile)),
        Of<RateAggregate>(MetricType.Rate, Aggregation.Rate, "rate", "", rate => rate.Rate),
        Of<CounterAggregate>(MetricType.Counter, Aggregation.Count, "count", "", counter => counter.Count),
        Of<CounterAggregate>(MetricType.Counter, Aggregation.Rate, "rate", "/s", counter => counter.Rate),
        Of<GaugeAggregate>(MetricType.Gauge, Aggregation.Value, "value", "", gauge => gauge.Value),
    ];

    /// <summary>The aggregations written without an argument (all but <c>p(N)</c>), by their text.</summary>
    public static IReadOnlyDictionary<string, Aggregation> Named { get; } = Rows
        .Where(row => row.Aggregation != Aggregation.Percentile)
        .DistinctBy(row => row.Written)
        .ToDictionary(row => row.Written, row => row.Aggregation, StringComparer.Ordinal);

    /// <summary>Every type's aggregations in prose: "avg, min, max, med or p(N) for trends, rate for rates, ...".</summary>
    public static string Summary { get; } = string.Join(", ", Rows.Select(row => row.Type).Distinct().Select(type =>
    {
        var written = Allowed(type);
        var choices = written.Count == 1 ? written[0] : $"{string.Join(", ", written.Take(written.Count - 1))} or {written[^1]}";
        return $"{choices} for {TypeName(type)}s";
    }));

    /// <summary>The aggregations a metric type allows, as written: avg, min, max, med, p(N) for a trend.</summary>
    public static IReadOnlyList<string> Allowed(MetricType type) =>
        Rows.Where(row => row.Type == type).Select(row => row.Written).ToArray();

    public static bool Allows(MetricType type, Aggregation aggregation) => Find(type, aggregation) is not null;

    /// <summary>The unit of the aggregation's value in messages: ms for every trend statistic, /s for a counter's rate.</summary>
    public static string Unit(MetricType type, Aggregation aggregation) => Find(type, aggregation)?.Unit ?? "";

    /// <summary>The expression's aggregation of <paramref name="aggregate"/>: its p(95), rate, count, ...</summary>
    public static double Read(MetricAggregate aggregate, ThresholdExpression expression) =>
        Find(aggregate.Type, expression.Aggregation) is { } row
            ? row.Read(aggregate, expression.Percentile)
            : throw new InvalidOperationException($"{expression.AggregationName} does not apply to a {aggregate.Type} metric");

    /// <summary>The type as messages name it: trend, rate, counter, gauge.</summary>
    public static string TypeName(MetricType type) => type.ToString().ToLowerInvariant();

    private static Row? Find(MetricType type, Aggregation aggregation) =>
        Rows.FirstOrDefault(row => row.Type == type && row.Aggregation == aggregation);

    private static Row Trend(Aggregation aggregation, string written, Func<TrendAggregate, double, double> read) =>
        new(MetricType.Trend, aggregation, written, "ms", (aggregate, percentile) => read((TrendAggregate)aggregate, percentile));

    private static Row Of<TAggregate>(MetricType type, Aggregation aggregation, string written, string unit, Func<TAggregate, double> read)
        where TAggregate : MetricAggregate =>
        new(type, aggregation, written, unit, (aggregate, _) => read((TAggregate)aggregate));
}
