using Modulo.Perf.Engine.Metrics;
using Modulo.Perf.Engine.Outcome;
using Modulo.Perf.Engine.Tests.Infrastructure;

namespace Modulo.Perf.Engine.Tests.WebSockets;

/// <summary>ws_message_latency against a server whose own timing of a known delay is the reference.</summary>
[Collection(TimingSensitive.Name)]
public class RoundTripLatencyTests
{
    [Fact]
    public async Task Message_latency_p95_sits_just_above_the_servers_own_timing_of_a_known_delay()
    {
        var timings = new ServerTimings();
        await using var server = await LoopbackServer.StartAsync(app => app.MapSocket(async (socket, cancellation) =>
        {
            while (await TestSockets.ReceiveAsync(socket, cancellation) is { } ping)
            {
                // Timed up to the send only: the pong may reach the client before this side's send returns.
                await timings.Measure(async () =>
                {
                    await Task.Delay(20, cancellation);
                    return true;
                });
                await TestSockets.SendAsync(socket, TestSockets.Pong(ping), cancellation);
            }
        }));
        using var config = new TempConfig($$"""
            {
              "baseUrl": "{{server.BaseUrl}}",
              "scenarios": { "rtt": { "steps": [
                { "ws": "connect", "path": "{{TestSockets.Path}}", "persistent": true },
                { "ws": "send", "name": "ping", "message": { "type": "ping", "id": "{seq}" } },
                { "ws": "await", "name": "pong", "match": "type == \"pong\" && id == {seq}", "timeout": "2s" }
              ] } },
              "profiles": { "accuracy": { "executor": "constant-vus", "vus": 2, "duration": "4s" } },
              "profile": "accuracy",
              "thresholds": { "ws_message_latency": ["p(95)<1000"] }
            }
            """);

        var result = await Infrastructure.Engine.RunAsync(config);

        Assert.Equal(Verdict.Pass, result.Verdict);
        var measured = result.Trend(MetricCatalog.WsMessageLatency, ("name", "pong"));
        var serverP95 = timings.Percentile(95);
        // The last pings may be cut short by the end of the run: the server timed them, the engine did not.
        Assert.InRange(measured.SampleCount, timings.Count - 2, timings.Count);
        // A client can only add time to what the server spent (HdrHistogram rounds up within 0.1%). The upper bound
        // is generous because tests share the machine; bench/ws-sessions.sh measures the real margin.
        Assert.InRange(measured.Percentile(95), timings.Percentile(95, measured.SampleCount) - 0.03, serverP95 + 5.0);
        Assert.True(serverP95 >= 20, $"server p95 {serverP95} ms should include its 20 ms delay");
        Assert.Equal(2, result.Count(MetricCatalog.WsSessions)); // one persistent socket per VU
        Assert.Equal(0, result.Rate(MetricCatalog.WsErrors).Passes);
    }
}
