using Modulo.Perf.Engine.Metrics;
using Modulo.Perf.Engine.SourceText;
using Modulo.Perf.Engine.Thresholds;

namespace Modulo.Perf.Engine.Tests.Thresholds;

/// <summary>Thresholds judged against a registry filled by hand: the verdict, the value and the sentence that explains it.</summary>
public class ThresholdEvaluatorTests
{
    private static ThresholdDefinition Threshold(string selector, string expression)
    {
        var parsed = MetricSelectorParser.Parse(selector);
        var type = MetricCatalog.All[parsed.Metric];
        return new ThresholdDefinition(parsed, type, ThresholdParser.ParseExpression(expression, type), expression, new SourceLocation("perfgate.json", 1, 1));
    }

    /// <summary>Reads of 1, 2, ..., 100 ms and one write of 500 ms.</summary>
    private static MetricRegistry Latencies()
    {
        var registry = new MetricRegistry();
        var read = registry.Register(MetricCatalog.HttpReqDuration, new TagSet(new Dictionary<string, string> { ["type"] = "read" })).Id;
        var write = registry.Register(MetricCatalog.HttpReqDuration, new TagSet(new Dictionary<string, string> { ["type"] = "write" })).Id;
        for (var ms = 1; ms <= 100; ms++)
        {
            registry.RecordTrend(read, ms * 1_000L);
        }
        registry.RecordTrend(write, 500_000);
        registry.Collect();
        return registry;
    }

    [Theory]
    [InlineData("p(95)<100", true)]
    [InlineData("p(95)<90", false)]
    [InlineData("max<=100.1", true)]
    [InlineData("avg>60", false)]
    [InlineData("med>49", true)]
    public void A_trend_threshold_reads_its_aggregation_of_the_selected_series(string expression, bool ok)
    {
        var result = ThresholdEvaluator.Evaluate(Threshold("http_req_duration{type:read}", expression), Latencies());

        Assert.Equal(ok, result.Ok);
        Assert.Equal(100, result.Samples);
        Assert.Equal("ms", result.Unit);
    }

    [Fact]
    public void The_message_names_the_selector_expression_value_and_sample_count()
    {
        var result = ThresholdEvaluator.Evaluate(Threshold("slo_read_latency", "p(95)<90"), Latencies());

        Assert.False(result.Ok);
        Assert.Equal($"slo_read_latency p(95)<90 failed: p(95)={result.Shown} over 100 requests", result.Message);
        Assert.EndsWith(" ms", result.Shown);
        Assert.InRange(result.Actual!.Value, 94.9, 95.1);
    }

    [Fact]
    public void A_threshold_on_a_metric_without_samples_fails_and_says_so()
    {
        var result = ThresholdEvaluator.Evaluate(Threshold("http_req_duration{type:sync}", "p(95)<1000"), Latencies());

        Assert.False(result.Ok);
        Assert.Null(result.Actual);
        Assert.Contains("received no samples", result.Message);
    }

    [Fact]
    public void A_registered_counter_that_stayed_at_zero_is_data_and_its_rate_is_per_second()
    {
        var registry = new MetricRegistry();
        registry.Register(MetricCatalog.DroppedIterations, TagSet.Empty);
        var requests = registry.Register(MetricCatalog.HttpReqs, TagSet.Empty).Id;
        registry.AddCounter(requests, 10);
        registry.Freeze();

        var dropped = ThresholdEvaluator.Evaluate(Threshold("dropped_iterations", "count==0"), registry);
        var rate = ThresholdEvaluator.Evaluate(Threshold("http_reqs", "rate>0"), registry);

        Assert.True(dropped.Ok, dropped.Message);
        Assert.Equal(0, dropped.Actual);
        Assert.True(rate.Ok, rate.Message);
        Assert.Equal("/s", rate.Unit);
        Assert.EndsWith(" s", rate.Message);
    }

    [Fact]
    public void A_rate_threshold_compares_the_share_of_failed_requests()
    {
        var registry = new MetricRegistry();
        var failed = registry.Register(MetricCatalog.HttpReqFailed, TagSet.Empty).Id;
        for (var i = 0; i < 1000; i++)
        {
            registry.AddRate(failed, i == 0);
        }

        var errorRate = ThresholdEvaluator.Evaluate(Threshold("slo_error_rate", "rate<0.001"), registry);
        var availability = ThresholdEvaluator.Evaluate(Threshold("availability", "rate>0.998"), registry);

        Assert.False(errorRate.Ok);
        Assert.Equal(0.001, errorRate.Actual);
        Assert.True(availability.Ok, availability.Message);
        Assert.Equal(0.999, availability.Actual);
        Assert.Equal("", availability.Unit);
    }

    [Fact]
    public void A_rate_is_printed_with_its_counts_and_never_rounded_to_a_value_that_would_pass()
    {
        var registry = new MetricRegistry();
        var failed = registry.Register(MetricCatalog.HttpReqFailed, TagSet.Empty).Id;
        var checks = registry.Register(MetricCatalog.Checks, TagSet.Empty).Id;
        for (var i = 0; i < 3441; i++)
        {
            registry.AddRate(failed, i == 0);
            registry.AddRate(checks, i != 0);
        }

        var errorRate = ThresholdEvaluator.Evaluate(Threshold("slo_error_rate", "rate==0"), registry);
        var allChecks = ThresholdEvaluator.Evaluate(Threshold("checks", "rate==1"), registry);

        Assert.False(errorRate.Ok);
        Assert.Equal(1.0 / 3441, errorRate.Actual);
        Assert.Equal("slo_error_rate rate==0 failed: rate=0.000291 (1 of 3,441 requests)", errorRate.Message);
        Assert.False(allChecks.Ok);
        Assert.Equal("checks rate==1 failed: rate=0.9997 (3,440 of 3,441 samples)", allChecks.Message);
    }

    [Fact]
    public void The_aggregation_table_lists_every_type_in_the_documented_prose()
    {
        Assert.Equal("avg, min, max, med or p(N) for trends, rate for rates, count or rate for counters, value for gauges",
            MetricTypeAggregations.Summary);
        Assert.All(Enum.GetValues<MetricType>(), type => Assert.NotEmpty(MetricTypeAggregations.Allowed(type)));
    }
}
