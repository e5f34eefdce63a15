using Modulo.Perf.Engine.Metrics;
using Modulo.Perf.Engine.Outcome;
using Modulo.Perf.Engine.Tests.Infrastructure;

namespace Modulo.Perf.Engine.Tests.WebSockets;

/// <summary>A persistent socket serves every iteration with one handshake; any other closes when its iteration ends.</summary>
public class SessionLifetimeTests
{
    private const int Iterations = 4;

    [Theory]
    [InlineData(true, 1)]
    [InlineData(false, Iterations)]
    public async Task Persistent_sockets_outlive_their_iteration_and_others_close_with_it(bool persistent, int expectedSockets)
    {
        var handshakes = 0;
        var closedByClient = 0;
        await using var server = await LoopbackServer.StartAsync(app => app.MapSocket(
            async (socket, cancellation) =>
            {
                while (await TestSockets.ReceiveAsync(socket, cancellation) is { } ping)
                {
                    await TestSockets.SendAsync(socket, TestSockets.Pong(ping), cancellation);
                }
                // ReceiveAsync returned null: the client sent a close frame.
                Interlocked.Increment(ref closedByClient);
            },
            accept: () => Interlocked.Increment(ref handshakes) > 0)); // counts every handshake, accepts them all
        using var config = new TempConfig($$"""
            {
              "baseUrl": "{{server.BaseUrl}}",
              "scenarios": { "ws": { "thinkTime": "50ms", "steps": [
                { "ws": "connect", "path": "{{TestSockets.Path}}", "persistent": {{(persistent ? "true" : "false")}} },
                { "ws": "send", "message": { "type": "ping", "id": "{seq}" } },
                { "ws": "await", "match": "type == \"pong\" && id == {seq}" }
              ] } },
              "profiles": { "few": { "executor": "per-vu-iterations", "vus": 1, "iterations": {{Iterations}}, "maxDuration": "20s" } },
              "profile": "few"
            }
            """);

        var result = await Infrastructure.Engine.RunAsync(config);

        Assert.Equal(Verdict.Pass, result.Verdict);
        Assert.Equal(expectedSockets, Volatile.Read(ref handshakes));
        Assert.Equal(expectedSockets, result.Count(MetricCatalog.WsSessions));
        Assert.Equal(expectedSockets, result.Trend(MetricCatalog.WsConnecting).SampleCount);
        // Every socket was closed by the engine with a close frame, the last persistent one when the run ended.
        Assert.Equal(expectedSockets, Volatile.Read(ref closedByClient));
        Assert.Equal(expectedSockets, result.Trend(MetricCatalog.WsSessionDuration).SampleCount);
        Assert.Equal(Iterations, result.Trend(MetricCatalog.WsMessageLatency).SampleCount);
        Assert.Equal(0, result.Rate(MetricCatalog.WsErrors).Passes);
    }

    [Fact]
    public async Task A_close_step_closes_and_the_next_connect_opens_a_new_socket()
    {
        var handshakes = 0;
        await using var server = await LoopbackServer.StartAsync(app => app.MapSocket(
            async (socket, cancellation) =>
            {
                while (await TestSockets.ReceiveAsync(socket, cancellation) is not null)
                {
                }
            },
            accept: () => Interlocked.Increment(ref handshakes) > 0)); // counts every handshake, accepts them all
        using var config = new TempConfig($$"""
            {
              "baseUrl": "{{server.BaseUrl}}",
              "scenarios": { "ws": { "steps": [
                { "ws": "connect", "path": "{{TestSockets.Path}}", "persistent": true },
                { "ws": "close" },
                { "ws": "connect", "path": "{{TestSockets.Path}}", "persistent": true },
                { "ws": "close" }
              ] } },
              "profiles": { "once": { "executor": "per-vu-iterations", "vus": 1, "iterations": 1 } },
              "profile": "once"
            }
            """);

        var result = await Infrastructure.Engine.RunAsync(config);

        Assert.Equal(2, Volatile.Read(ref handshakes));
        Assert.Equal(2, result.Trend(MetricCatalog.WsSessionDuration).SampleCount);
        Assert.Equal(0, result.Rate(MetricCatalog.WsErrors).Passes);
    }
}
