using Modulo.Perf.Engine.Metrics;
using Modulo.Perf.Engine.Thresholds;

namespace Modulo.Perf.Engine.Tests.Thresholds;

public class ThresholdParserTests
{
    [Theory]
    [InlineData("p(95)<200", Aggregation.Percentile, 95, ComparisonOperator.Less, 200)]
    [InlineData("p(95)<=200", Aggregation.Percentile, 95, ComparisonOperator.LessOrEqual, 200)]
    [InlineData("p(99.9) >= 0.5", Aggregation.Percentile, 99.9, ComparisonOperator.GreaterOrEqual, 0.5)]
    [InlineData(" p ( 0 ) > -1e3 ", Aggregation.Percentile, 0, ComparisonOperator.Greater, -1000)]
    [InlineData("p(100)<1E+2", Aggregation.Percentile, 100, ComparisonOperator.Less, 100)]
    [InlineData("avg<100", Aggregation.Avg, 0, ComparisonOperator.Less, 100)]
    [InlineData("min>0", Aggregation.Min, 0, ComparisonOperator.Greater, 0)]
    [InlineData("max<=5000", Aggregation.Max, 0, ComparisonOperator.LessOrEqual, 5000)]
    [InlineData("med<50.25", Aggregation.Med, 0, ComparisonOperator.Less, 50.25)]
    [InlineData("rate<0.001", Aggregation.Rate, 0, ComparisonOperator.Less, 0.001)]
    [InlineData("count===10", Aggregation.Count, 0, ComparisonOperator.StrictEqual, 10)]
    [InlineData("count == 10", Aggregation.Count, 0, ComparisonOperator.Equal, 10)]
    [InlineData("value!=0", Aggregation.Value, 0, ComparisonOperator.NotEqual, 0)]
    public void Parses_valid_expressions(string text, Aggregation aggregation, double percentile, ComparisonOperator op, double value) =>
        Assert.Equal(new ThresholdExpression(aggregation, percentile, op, value), ThresholdParser.ParseExpression(text));

    [Theory]
    [InlineData("", "empty threshold expression")]
    [InlineData("   ", "empty threshold expression")]
    [InlineData("p(95)", "no comparison operator")]
    [InlineData("p(95) = 200", "no comparison operator")]
    [InlineData("p95<200", "unknown aggregation 'p95'")]
    [InlineData("P(95)<200", "unknown aggregation 'P(95)'")]
    [InlineData("mean<200", "unknown aggregation 'mean'")]
    [InlineData("<200", "unknown aggregation ''")]
    [InlineData("p(101)<200", "percentile 101 in 'p(101)<200' is out of range")]
    [InlineData("p(-1)<200", "out of range")]
    [InlineData("p()<200", "percentile '' in 'p()<200' is not a number")]
    [InlineData("p(9x)<200", "percentile '9x'")]
    [InlineData("avg<200ms", "threshold value '200ms' in 'avg<200ms' is not a number")]
    [InlineData("avg<", "threshold value ''")]
    [InlineData("avg<01", "threshold value '01'")]
    [InlineData("avg<.5", "threshold value '.5'")]
    [InlineData("avg<+5", "threshold value '+5'")]
    [InlineData("avg<1.", "threshold value '1.'")]
    [InlineData("avg<=<1", "threshold value '<1'")]
    public void Rejects_malformed_expressions_saying_why(string text, string message)
    {
        var error = Assert.Throws<FormatException>(() => ThresholdParser.ParseExpression(text));

        Assert.Contains(message, error.Message);
    }

    [Theory]
    [InlineData(MetricType.Trend, "avg<1")]
    [InlineData(MetricType.Trend, "min<1")]
    [InlineData(MetricType.Trend, "max<1")]
    [InlineData(MetricType.Trend, "med<1")]
    [InlineData(MetricType.Trend, "p(90)<1")]
    [InlineData(MetricType.Rate, "rate<1")]
    [InlineData(MetricType.Counter, "count<1")]
    [InlineData(MetricType.Counter, "rate<1")]
    [InlineData(MetricType.Gauge, "value<1")]
    public void Accepts_the_aggregations_of_each_metric_type(MetricType type, string text) =>
        Assert.Equal(ThresholdParser.ParseExpression(text), ThresholdParser.ParseExpression(text, type));

    [Theory]
    [InlineData(MetricType.Trend, "rate<1", "aggregation 'rate' does not apply to a trend metric; use avg, min, max, med, p(N)")]
    [InlineData(MetricType.Trend, "value<1", "use avg, min, max, med, p(N)")]
    [InlineData(MetricType.Rate, "count<1", "aggregation 'count' does not apply to a rate metric; use rate")]
    [InlineData(MetricType.Rate, "p(95)<1", "aggregation 'p(95)' does not apply to a rate metric")]
    [InlineData(MetricType.Counter, "avg<1", "does not apply to a counter metric; use count, rate")]
    [InlineData(MetricType.Gauge, "max<1", "does not apply to a gauge metric; use value")]
    public void Rejects_aggregations_the_metric_type_does_not_have(MetricType type, string text, string message)
    {
        var error = Assert.Throws<FormatException>(() => ThresholdParser.ParseExpression(text, type));

        Assert.Contains(message, error.Message);
    }
}
