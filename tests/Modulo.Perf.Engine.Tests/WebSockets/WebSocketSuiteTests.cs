using System.Collections.Concurrent;
using Modulo.Perf.Engine.Metrics;
using Modulo.Perf.Engine.Outcome;
using Modulo.Perf.Engine.Scenarios;
using Modulo.Perf.Engine.Tests.Infrastructure;

namespace Modulo.Perf.Engine.Tests.WebSockets;

/// <summary>The built-in websocket suite against a server speaking the hub protocol (heartbeats every 100 ms).</summary>
[Collection(TimingSensitive.Name)]
public class WebSocketSuiteTests
{
    [Fact]
    public async Task The_suite_round_trips_subscribes_holds_and_unsubscribes_on_one_persistent_socket()
    {
        var eventsSent = 0;
        var heartbeat = TimeSpan.FromMilliseconds(100);
        await using var server = await LoopbackServer.StartAsync(app => app.MapSocket((socket, cancellation) =>
            new TestHub(socket, heartbeat, heartbeat, new ConcurrentQueue<double>(), () => Interlocked.Increment(ref eventsSent)).RunAsync(cancellation)));
        using var config = new TempConfig($$"""
            {
              "baseUrl": "{{server.BaseUrl}}",
              "websocketPath": "{{TestSockets.Path}}",
              "profiles": { "few": { "executor": "per-vu-iterations", "vus": 2, "iterations": 2, "maxDuration": "30s" } },
              "profile": "few",
              "thresholds": { "ws_message_latency": ["p(95)<200"] }
            }
            """);

        var result = await Infrastructure.Engine.RunAsync(config, options => options with { Suites = [BuiltInSuites.WebSocket] });

        Assert.Equal(Verdict.Pass, result.Verdict);
        const int iterations = 2 * 2;
        Assert.Equal(iterations, result.Count(MetricCatalog.Iterations, ("scenario", BuiltInSuites.WebSocket)));
        Assert.Equal(2, result.Count(MetricCatalog.WsSessions));
        Assert.Equal(3 * iterations, result.Trend(MetricCatalog.WsMessageLatency, ("name", "pong")).SampleCount);
        Assert.Equal(iterations, result.Trend(MetricCatalog.WsSubscribeLatency, ("topic", "notes")).SampleCount);
        Assert.Equal(5 * iterations, result.Count(MetricCatalog.WsMsgsSent));
        Assert.Equal(Volatile.Read(ref eventsSent), result.Count(MetricCatalog.WsMsgsReceived, ("topic", "notes")));
        Assert.InRange(result.Count(MetricCatalog.WsMsgsReceived, ("name", "hold notes")), iterations * 7, iterations * 11);
        Assert.Equal(0, result.Rate(MetricCatalog.WsErrors).Passes);
        Assert.Equal(2 + 3 * iterations + 2 * iterations, result.Rate(MetricCatalog.WsErrors).Total);
    }
}
