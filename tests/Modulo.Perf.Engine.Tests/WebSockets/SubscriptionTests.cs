using System.Collections.Concurrent;
using Modulo.Perf.Engine.Metrics;
using Modulo.Perf.Engine.Outcome;
using Modulo.Perf.Engine.Tests.Infrastructure;

namespace Modulo.Perf.Engine.Tests.WebSockets;

/// <summary>Subscribe latency, event counts and event intervals against a server that publishes at a known pace.</summary>
[Collection(TimingSensitive.Name)]
public class SubscriptionTests
{
    private const int FirstEventDelayMs = 40;
    private const int EventIntervalMs = 50;
    private const int Iterations = 3;

    [Fact]
    public async Task Subscribe_latency_is_the_first_event_and_every_event_is_counted_and_timed()
    {
        var eventsSent = 0;
        var firstEvents = new ConcurrentQueue<double>(); // the server's own request-to-first-event times, ms
        await using var server = await LoopbackServer.StartAsync(app => app.MapSocket((socket, cancellation) =>
            new TestHub(socket, TimeSpan.FromMilliseconds(FirstEventDelayMs), TimeSpan.FromMilliseconds(EventIntervalMs), firstEvents, () => Interlocked.Increment(ref eventsSent)).RunAsync(cancellation)));
        using var config = new TempConfig($$"""
            {
              "baseUrl": "{{server.BaseUrl}}",
              "scenarios": { "events": { "steps": [
                { "ws": "connect", "path": "{{TestSockets.Path}}" },
                { "ws": "subscribe", "name": "subscribe", "topic": "notes" },
                { "ws": "hold", "name": "hold", "duration": "1s" },
                { "ws": "unsubscribe", "name": "unsubscribe", "topic": "notes" }
              ] } },
              "profiles": { "thrice": { "executor": "per-vu-iterations", "vus": 1, "iterations": {{Iterations}}, "maxDuration": "20s" } },
              "profile": "thrice"
            }
            """);

        var result = await Infrastructure.Engine.RunAsync(config);

        Assert.Equal(Verdict.Pass, result.Verdict);
        var subscribe = result.Trend(MetricCatalog.WsSubscribeLatency, ("topic", "notes"));
        Assert.Equal(Iterations, subscribe.SampleCount);
        // From the request to the first event (not to "subscribed", which is immediate): what the server took from
        // request to first event, plus transport both ways (generously bounded; a second event would come 50 ms
        // later). The median, because the first subscription also pays for code running for the first time on both
        // sides, and the server starts its clock only once it has read the request. HdrHistogram reports a minimum at
        // the bottom of its bucket (3 significant digits: up to 0.1 % low), a percentile at the top.
        Assert.InRange(subscribe.Min, firstEvents.Min() * 0.999 - 0.03, firstEvents.Max() + 10);
        Assert.InRange(subscribe.Med, firstEvents.Min() - 0.03, firstEvents.Max() + 10);

        // Every event the server sent arrived and was counted under its topic; a 1 s hold sees about 20 of them.
        Assert.Equal(Volatile.Read(ref eventsSent), result.Count(MetricCatalog.WsMsgsReceived, ("topic", "notes")));
        Assert.InRange(result.Count(MetricCatalog.WsMsgsReceived, ("name", "hold"), ("topic", "notes")), Iterations * 15, Iterations * 21);

        var intervals = result.Trend(MetricCatalog.WsEventInterval, ("topic", "notes"));
        // One gap fewer than events per subscription: none is measured across subscriptions.
        Assert.Equal(Volatile.Read(ref eventsSent) - Iterations, intervals.SampleCount);
        Assert.InRange(intervals.Med, EventIntervalMs - 10, EventIntervalMs + 10);
        Assert.Equal(0, result.Rate(MetricCatalog.WsErrors).Passes);
        Assert.Equal(Iterations, result.Count(MetricCatalog.WsSessions));
    }
}
