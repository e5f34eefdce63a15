using Modulo.Perf.Engine.Metrics;

namespace Modulo.Perf.Engine.Tests.Metrics;

/// <summary>The registry on its own: what is recorded, on any thread, is what a query and the intervals give back.</summary>
public class MetricRegistryTests
{
    private static readonly Dictionary<string, string> All = new();

    private static TagSet Tags(params (string Key, string Value)[] tags) =>
        new(tags.ToDictionary(t => t.Key, t => t.Value));

    [Fact]
    public void A_trend_query_merges_the_series_whose_tags_match_the_filter()
    {
        var registry = new MetricRegistry();
        var read = registry.Register(MetricCatalog.HttpReqDuration, Tags(("type", "read"))).Id;
        var write = registry.Register(MetricCatalog.HttpReqDuration, Tags(("type", "write"))).Id;
        registry.RecordTrend(read, 1_000);
        registry.RecordTrend(read, 3_000);
        registry.RecordTrend(write, 10_000);
        registry.Collect();

        var reads = registry.QueryTrend(MetricCatalog.HttpReqDuration, new Dictionary<string, string> { ["type"] = "read" });
        var every = registry.QueryTrend(MetricCatalog.HttpReqDuration, All);

        Assert.Equal(2, reads.SampleCount);
        Assert.InRange(reads.Avg, 1.99, 2.01);
        Assert.Equal(3, every.SampleCount);
        Assert.InRange(every.Max, 9.99, 10.01);
        // slo_read_latency is http_req_duration{type:read}.
        Assert.Equal(2, registry.QueryTrend(MetricCatalog.SloReadLatency, All).SampleCount);
    }

    [Fact]
    public void A_repeated_trend_query_is_merged_once_and_follows_what_is_collected_or_registered_later()
    {
        var registry = new MetricRegistry();
        var read = registry.Register(MetricCatalog.HttpReqDuration, Tags(("type", "read"))).Id;
        registry.RecordTrend(read, 1_000);
        registry.Collect();
        var filter = new Dictionary<string, string> { ["type"] = "read" };

        var first = registry.QueryTrend(MetricCatalog.HttpReqDuration, filter);
        Assert.Same(first, registry.QueryTrend(MetricCatalog.HttpReqDuration, new Dictionary<string, string> { ["type"] = "read" }));
        Assert.Equal(0, registry.QueryTrend(MetricCatalog.HttpReqDuration, new Dictionary<string, string> { ["type"] = "write" }).SampleCount);

        registry.RecordTrend(read, 2_000);
        registry.Collect();
        Assert.Equal(2, registry.QueryTrend(MetricCatalog.HttpReqDuration, filter).SampleCount);
        Assert.Equal(1, first.SampleCount);

        var write = registry.Register(MetricCatalog.HttpReqDuration, Tags(("type", "write"))).Id;
        registry.RecordTrend(write, 5_000);
        registry.Collect();
        Assert.Equal(1, registry.QueryTrend(MetricCatalog.HttpReqDuration, new Dictionary<string, string> { ["type"] = "write" }).SampleCount);
        Assert.Equal(3, registry.QueryTrend(MetricCatalog.HttpReqDuration, All).SampleCount);
    }

    [Fact]
    public void A_rate_counts_non_zero_samples_and_availability_inverts_it()
    {
        var registry = new MetricRegistry();
        var failed = registry.Register(MetricCatalog.HttpReqFailed, TagSet.Empty).Id;
        registry.AddRate(failed, true);
        registry.AddRate(failed, false);
        registry.AddRate(failed, false);
        registry.AddRate(failed, false);

        var rate = registry.QueryRate(MetricCatalog.HttpReqFailed, All);
        var availability = registry.QueryRate(MetricCatalog.Availability, All);

        Assert.Equal((1, 4, 0.25), (rate.Passes, rate.Total, rate.Rate));
        Assert.Equal((3, 4), (availability.Passes, availability.Total));
    }

    [Fact]
    public void Counts_recorded_on_several_threads_add_up_and_each_interval_holds_its_own_growth()
    {
        var registry = new MetricRegistry();
        var requests = registry.Register(MetricCatalog.HttpReqs, TagSet.Empty).Id;
        var failed = registry.Register(MetricCatalog.HttpReqFailed, TagSet.Empty).Id;
        void OnThreads(int threads, Action record)
        {
            var started = Enumerable.Range(0, threads).Select(_ => new Thread(() => record())).ToList();
            started.ForEach(thread => thread.Start());
            started.ForEach(thread => thread.Join());
        }

        OnThreads(4, () =>
        {
            registry.AddCounter(requests, 5);
            registry.AddRate(failed, true);
        });
        registry.Collect();
        OnThreads(2, () =>
        {
            registry.AddCounter(requests, 1);
            registry.AddRate(failed, false);
        });
        registry.Collect();

        Assert.Equal(22, registry.QueryCounter(MetricCatalog.HttpReqs, All).Count);
        var intervals = registry.Intervals;
        Assert.Equal(2, intervals.Count);
        Assert.Equal(20, intervals[0].CounterDeltas[MetricCatalog.HttpReqs]);
        Assert.Equal(2, intervals[1].CounterDeltas[MetricCatalog.HttpReqs]);
        Assert.Equal((4, 4), intervals[0].RateDeltas[MetricCatalog.HttpReqFailed]);
        Assert.Equal((2, 0), intervals[1].RateDeltas[MetricCatalog.HttpReqFailed]);
    }

    [Fact]
    public void A_metric_is_known_to_have_series_only_once_one_was_registered()
    {
        var registry = new MetricRegistry();
        Assert.False(registry.HasSeries(MetricCatalog.DroppedIterations, All));
        Assert.DoesNotContain(MetricCatalog.DroppedIterations, registry.MetricsWithData());

        registry.Register(MetricCatalog.DroppedIterations, TagSet.Empty);

        Assert.True(registry.HasSeries(MetricCatalog.DroppedIterations, All));
        Assert.Contains(MetricCatalog.DroppedIterations, registry.MetricsWithData());
        Assert.Equal(0, registry.QueryCounter(MetricCatalog.DroppedIterations, All).Count);
    }

    [Fact]
    public void A_typed_query_of_another_type_names_the_metric_and_its_type()
    {
        var registry = new MetricRegistry();

        var error = Assert.Throws<ArgumentException>(() => registry.QueryCounter(MetricCatalog.HttpReqDuration, All));

        Assert.Contains("'http_req_duration' is a Trend metric", error.Message);
    }

    [Fact]
    public void An_unknown_metric_cannot_be_registered()
    {
        var registry = new MetricRegistry();

        Assert.Throws<ArgumentException>(() => registry.Register("no_such_metric", TagSet.Empty));
    }
    [Fact]
    public void Combined_runs_merge_histograms_sum_counts_and_rate_over_their_total_time()
    {
        MetricRegistry Run(long micros, int requests, int failed)
        {
            var registry = new MetricRegistry();
            var duration = registry.Register(MetricCatalog.HttpReqDuration, Tags(("type", "read"))).Id;
            var reqs = registry.Register(MetricCatalog.HttpReqs, TagSet.Empty).Id;
            var failures = registry.Register(MetricCatalog.HttpReqFailed, TagSet.Empty).Id;
            for (var i = 0; i < requests; i++)
            {
                registry.RecordTrend(duration, micros);
                registry.AddCounter(reqs, 1);
                registry.AddRate(failures, i < failed);
            }
            registry.Collect();
            registry.Freeze();
            return registry;
        }
        var first = Run(1_000, 10, 1);
        var second = Run(5_000, 30, 3);

        var combined = MetricRegistry.Combine([first, second]);

        var latency = combined.QueryTrend(MetricCatalog.HttpReqDuration, All);
        Assert.Equal(40, latency.SampleCount);
        Assert.InRange(latency.Avg, 3.99, 4.01);
        var requests = combined.QueryCounter(MetricCatalog.HttpReqs, All);
        Assert.Equal(40, requests.Count);
        Assert.Equal(first.ElapsedSeconds + second.ElapsedSeconds, combined.ElapsedSeconds, 9);
        Assert.Equal(40 / combined.ElapsedSeconds, requests.Rate, 6);
        var failedRate = combined.QueryRate(MetricCatalog.HttpReqFailed, All);
        Assert.Equal(4, failedRate.Passes);
        Assert.Equal(40, failedRate.Total);
        Assert.Equal(first.Intervals.Count + second.Intervals.Count, combined.Intervals.Count);
    }
}
