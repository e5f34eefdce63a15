using Modulo.Perf.Engine.Metrics;
using Modulo.Perf.Engine.SourceText;

namespace Modulo.Perf.Engine.Thresholds;

/// <summary>The aggregations k6 allows, by metric type.</summary>
public enum Aggregation { Avg, Min, Max, Med, Percentile, Rate, Count, Value }

/// <summary>k6's comparison operators; parsing tries them in the order &lt;=, &lt;, &gt;=, &gt;, ===, ==, !=.</summary>
public enum ComparisonOperator { LessOrEqual, Less, GreaterOrEqual, Greater, StrictEqual, Equal, NotEqual }

/// <summary>A parsed <c>aggregation op value</c>, such as <c>p(95)&lt;200</c>.</summary>
public sealed record ThresholdExpression(Aggregation Aggregation, double Percentile, ComparisonOperator Operator, double Value)
{
    /// <summary>The aggregation as written in reports: avg, p(95), rate, ...</summary>
    public string AggregationName => Aggregation switch
    {
        Aggregation.Percentile => $"p({Percentile.ToString(System.Globalization.CultureInfo.InvariantCulture)})",
        _ => Aggregation.ToString().ToLowerInvariant(),
    };

    public bool IsSatisfiedBy(double actual) => Operator switch
    {
        ComparisonOperator.LessOrEqual => actual <= Value,
        ComparisonOperator.Less => actual < Value,
        ComparisonOperator.GreaterOrEqual => actual >= Value,
        ComparisonOperator.Greater => actual > Value,
        ComparisonOperator.StrictEqual or ComparisonOperator.Equal => actual == Value,
        ComparisonOperator.NotEqual => actual != Value,
        _ => throw new ArgumentOutOfRangeException(nameof(Operator)),
    };
}

/// <summary>A metric name plus optional tag filters: <c>http_req_duration{type:read,status:200}</c>.</summary>
public sealed record MetricSelector(string Metric, IReadOnlyDictionary<string, string> Tags)
{
    public string Text => Tags.Count == 0 ? Metric : $"{Metric}{{{string.Join(",", Tags.Select(t => $"{t.Key}:{t.Value}"))}}}";
}

/// <summary>One threshold from the config: what it checks, how, and where it was written.</summary>
public sealed record ThresholdDefinition(
    MetricSelector Selector,
    MetricType MetricType,
    ThresholdExpression Expression,
    string Source,
    SourceLocation Location,
    bool AbortOnFail = false,
    TimeSpan DelayAbortEval = default);
