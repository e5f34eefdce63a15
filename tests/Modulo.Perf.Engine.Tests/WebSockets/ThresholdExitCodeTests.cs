using Modulo.Perf.Engine.Tests.Infrastructure;

namespace Modulo.Perf.Engine.Tests.WebSockets;

/// <summary>WebSocket metrics gate a build like any other: the real command exits 2 when a threshold fails.</summary>
public class ThresholdExitCodeTests
{
    [Fact]
    public async Task A_violated_message_latency_threshold_exits_2_and_names_it()
    {
        await using var server = await LoopbackServer.StartAsync(app => app.MapSocket(async (socket, cancellation) =>
        {
            while (await TestSockets.ReceiveAsync(socket, cancellation) is { } ping)
            {
                await Task.Delay(30, cancellation);
                await TestSockets.SendAsync(socket, TestSockets.Pong(ping), cancellation);
            }
        }));
        using var config = new TempConfig($$"""
            {
              "baseUrl": "{{server.BaseUrl}}",
              "scenarios": { "ws": { "steps": [
                { "ws": "connect", "path": "{{TestSockets.Path}}", "persistent": true },
                { "ws": "send", "name": "ping", "message": { "type": "ping", "id": "{seq}" } },
                { "ws": "await", "name": "pong", "match": "type == \"pong\" && id == {seq}" }
              ] } },
              "profiles": { "short": { "executor": "constant-vus", "vus": 1, "duration": "2s" } },
              "profile": "short",
              "thresholds": {
                "ws_message_latency{name:pong}": ["p(95)<10"],
                "ws_errors": ["rate<0.01"],
                "ws_sessions": ["count==1"]
              }
            }
            """);

        var (exitCode, results, output) = await Infrastructure.Engine.RunProcessAsync(config);

        Assert.True(exitCode == 2, output);
        Assert.Equal("slo_violation", results!.RootElement.GetProperty("verdict").GetString());
        var thresholds = results.RootElement.GetProperty("thresholds").EnumerateArray()
            .ToDictionary(t => t.GetProperty("metric").GetString()!, t => t);
        Assert.False(thresholds["ws_message_latency{name:pong}"].GetProperty("ok").GetBoolean());
        Assert.True(thresholds["ws_message_latency{name:pong}"].GetProperty("actual").GetDouble() >= 30);
        Assert.True(thresholds["ws_errors"].GetProperty("ok").GetBoolean());
        Assert.True(thresholds["ws_sessions"].GetProperty("ok").GetBoolean());
        Assert.True(results.RootElement.GetProperty("metrics").TryGetProperty("ws_message_latency", out _));
    }
}
