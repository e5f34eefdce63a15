using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using Modulo.Perf.Engine.Metrics;
using Modulo.Perf.Engine.Tests.Infrastructure;
using Modulo.Perf.Engine.WebSockets;

namespace Modulo.Perf.Engine.Tests.WebSockets;

/// <summary>The engine's own ws:// handshake: what follows the 101 is the session's, and a wrong answer is refused.</summary>
public class PlainHandshakeTests
{
    [Fact]
    public async Task A_greeting_the_server_sends_with_its_101_reaches_the_session()
    {
        // Sent as soon as the socket is accepted, before the client says anything: it may share a read with the 101.
        await using var server = await LoopbackServer.StartAsync(app => app.MapSocket(async (socket, cancellation) =>
        {
            await TestSockets.SendAsync(socket, """{"type":"hello"}""", cancellation);
            while (await TestSockets.ReceiveAsync(socket, cancellation) is not null)
            {
            }
        }));
        using var config = new TempConfig($$"""
            {
              "baseUrl": "{{server.BaseUrl}}",
              "scenarios": { "ws": { "steps": [
                { "ws": "connect", "path": "/ws", "timeout": "2s" },
                { "ws": "await", "name": "hello", "match": "type == \"hello\"", "timeout": "2s" } ] } },
              "profiles": { "run": { "executor": "per-vu-iterations", "vus": 2, "iterations": 5 } },
              "profile": "run"
            }
            """);

        var result = await Infrastructure.Engine.RunAsync(config);

        Assert.Equal(10, result.Count(MetricCatalog.WsSessions));
        Assert.Equal(10, result.Count(MetricCatalog.WsMsgsReceived));
        // An await that missed its greeting would have failed by timeout.
        Assert.Equal(0, result.Rate(MetricCatalog.WsErrors).Passes);
        Assert.Equal(10, result.Count(MetricCatalog.Iterations));
    }

    [Theory]
    [InlineData("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: d3Jvbmc=\r\n\r\n", "Sec-WebSocket-Accept")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", "instead of 101")]
    public async Task A_server_that_does_not_accept_the_key_is_refused(string response, string expected)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var serving = Task.Run(async () =>
        {
            using var client = await listener.AcceptTcpClientAsync();
            var stream = client.GetStream();
            var buffer = new byte[4096];
            var length = 0;
            while (!Encoding.ASCII.GetString(buffer, 0, length).Contains("\r\n\r\n"))
            {
                length += await stream.ReadAsync(buffer.AsMemory(length));
            }
            await stream.WriteAsync(Encoding.ASCII.GetBytes(response));
        });
        var endpoint = new Uri($"ws://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/ws");

        var error = await Assert.ThrowsAsync<WebSocketException>(() => PlainWebSocketHandshake.ConnectAsync(endpoint, "", CancellationToken.None));

        Assert.Contains(expected, error.Message);
        await serving;
    }
}
