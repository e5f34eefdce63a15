using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Modulo.Perf.Engine.Metrics;
using Modulo.Perf.Engine.Tests.Infrastructure;

namespace Modulo.Perf.Engine.Tests.WebSockets;

/// <summary>Dead sockets are counted by cause and replaced, silent servers time out, and a run always ends on time.</summary>
public class ReliabilityTests
{
    private const string TwoRoundTrips = """
        { "ws": "connect", "path": "/ws", "persistent": true, "timeout": "2s" },
        { "ws": "send", "name": "ping", "message": { "type": "ping", "id": "{seq}.1" } },
        { "ws": "await", "name": "pong", "match": "type == \"pong\" && id == \"{seq}.1\"", "timeout": "2s" },
        { "ws": "send", "name": "ping", "message": { "type": "ping", "id": "{seq}.2" } },
        { "ws": "await", "name": "pong", "match": "type == \"pong\" && id == \"{seq}.2\"", "timeout": "2s" }
        """;

    [Fact]
    public async Task A_server_that_drops_connections_yields_counted_errors_and_reconnects_and_the_run_goes_on()
    {
        // Every connection is dropped (no close frame) on its third ping, unanswered; every second handshake is refused.
        var handshakes = 0;
        await using var server = await LoopbackServer.StartAsync(app => app.MapSocket(
            async (socket, cancellation) =>
            {
                for (var pings = 1; await TestSockets.ReceiveAsync(socket, cancellation) is { } ping; pings++)
                {
                    if (pings == 3)
                    {
                        socket.Abort();
                        return;
                    }
                    await TestSockets.SendAsync(socket, TestSockets.Pong(ping), cancellation);
                }
            },
            accept: () => Interlocked.Increment(ref handshakes) % 2 == 1));
        using var config = Config(server, TwoRoundTrips, "3s");

        var clock = Stopwatch.StartNew();
        var result = await Infrastructure.Engine.RunAsync(config);

        Assert.InRange(clock.Elapsed.TotalSeconds, 3, 3 + 5);
        // The third ping's await is cut short by the drop: cause closed. The next send finds the socket dead and
        // reconnects; that handshake is refused (cause reconnect) and the iteration ends. The next iteration's
        // connect gets a new socket (every odd handshake succeeds) and the VU goes on.
        var closed = result.Rate(MetricCatalog.WsErrors, ("cause", "closed")).Passes;
        var reconnects = result.Rate(MetricCatalog.WsErrors, ("cause", "reconnect")).Passes;
        Assert.True(closed >= 2, $"closed: {closed}");
        Assert.True(reconnects >= 2, $"failed reconnects: {reconnects}");
        Assert.Equal(0, result.Rate(MetricCatalog.WsErrors, ("cause", "timeout")).Passes);
        Assert.InRange(result.Count(MetricCatalog.WsSessions), closed, closed + 1);
        // Every handshake the server saw is a session or a counted failure, but for one the end of the run may cut short.
        var accounted = result.Count(MetricCatalog.WsSessions) + reconnects + result.Rate(MetricCatalog.WsErrors, ("cause", "handshake")).Passes;
        Assert.InRange(Volatile.Read(ref handshakes), accounted, accounted + 1);
        var roundTrips = result.Trend(MetricCatalog.WsMessageLatency).SampleCount;
        Assert.True(roundTrips >= 2 * closed, $"round trips go on between drops: {roundTrips} round trips, {closed} drops, {reconnects} failed reconnects");
        Assert.Equal(result.Count(MetricCatalog.WsSessions), result.Trend(MetricCatalog.WsSessionDuration).SampleCount);
    }

    [Fact]
    public async Task A_server_that_never_answers_fails_each_await_by_its_timeout()
    {
        await using var server = await LoopbackServer.StartAsync(app => app.MapSocket(async (socket, cancellation) =>
        {
            while (await TestSockets.ReceiveAsync(socket, cancellation) is not null)
            {
                // Reads everything, answers nothing.
            }
        }));
        using var config = Config(server, """
            { "ws": "connect", "path": "/ws", "persistent": true },
            { "ws": "send", "name": "ping", "message": { "type": "ping", "id": "{seq}" } },
            { "ws": "await", "name": "pong", "match": "type == \"pong\"", "timeout": "300ms" }
            """, "2s");

        var clock = Stopwatch.StartNew();
        var result = await Infrastructure.Engine.RunAsync(config);

        Assert.InRange(clock.Elapsed.TotalSeconds, 2, 2 + 5);
        var timeouts = result.Rate(MetricCatalog.WsErrors, ("name", "pong"));
        Assert.InRange(timeouts.Total, 4, 8);
        Assert.Equal(timeouts.Total, result.Rate(MetricCatalog.WsErrors, ("cause", "timeout")).Passes);
        Assert.Equal(0, result.Trend(MetricCatalog.WsMessageLatency).SampleCount);
        Assert.Equal(1, result.Count(MetricCatalog.WsSessions));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Hard_stop_cancels_a_wait_that_would_last_a_minute(bool hangInHandshake)
    {
        await using var server = await LoopbackServer.StartAsync(app =>
        {
            if (hangInHandshake)
            {
                // The upgrade request is never answered, until the client gives up.
                app.Map(TestSockets.Path, (HttpContext context) => Task.Delay(Timeout.Infinite, context.RequestAborted));
            }
            else
            {
                app.MapSocket(async (socket, cancellation) =>
                {
                    while (await TestSockets.ReceiveAsync(socket, cancellation) is not null)
                    {
                        // Reads everything, answers nothing.
                    }
                });
            }
        });
        using var config = Config(server, """
            { "ws": "connect", "path": "/ws", "timeout": "60s" },
            { "ws": "send", "name": "ping", "message": { "type": "ping" } },
            { "ws": "await", "name": "pong", "match": "type == \"pong\"", "timeout": "60s" }
            """, "1s");

        var clock = Stopwatch.StartNew();
        var result = await Infrastructure.Engine.RunAsync(config);

        // 1 s of schedule, no grace (gracefulStop 0s), then everything in flight is cancelled and closed.
        Assert.InRange(clock.Elapsed.TotalSeconds, 1, 1 + 5);
        Assert.Equal(0, result.Count(MetricCatalog.Iterations));
        Assert.Equal(hangInHandshake ? 0 : 1, result.Count(MetricCatalog.WsSessions));
    }

    [Fact]
    public async Task A_send_the_hard_stop_cuts_short_is_not_counted_as_the_server_closing_the_socket()
    {
        // The server never reads, so the socket's buffers fill and a send blocks until the hard stop cancels it;
        // cancelling a WebSocket send aborts the socket, which is the engine ending it, not the server.
        await using var server = await LoopbackServer.StartAsync(app => app.MapSocket(
            (socket, cancellation) => Task.Delay(Timeout.Infinite, cancellation)));
        var blob = new string('x', 256 * 1024);
        using var config = Config(server, $$"""
            { "ws": "connect", "path": "/ws", "persistent": true, "timeout": "60s" },
            { "ws": "send", "name": "blob", "message": { "type": "blob", "data": "{{blob}}" } }
            """, "1s");

        var clock = Stopwatch.StartNew();
        var result = await Infrastructure.Engine.RunAsync(config);

        Assert.InRange(clock.Elapsed.TotalSeconds, 1, 1 + 5);
        Assert.True(result.Count(MetricCatalog.WsMsgsSent) > 0, "sends went out before the buffers filled");
        Assert.Equal(0, result.Rate(MetricCatalog.WsErrors, ("cause", "closed")).Total);
        Assert.Equal(1, result.Count(MetricCatalog.WsSessions));
    }

    private static TempConfig Config(LoopbackServer server, string steps, string duration) => new($$"""
        {
          "baseUrl": "{{server.BaseUrl}}",
          "scenarios": { "ws": { "steps": [ {{steps}} ] } },
          "profiles": { "run": { "executor": "constant-vus", "vus": 1, "duration": "{{duration}}", "gracefulStop": "0s" } },
          "profile": "run"
        }
        """);
}
