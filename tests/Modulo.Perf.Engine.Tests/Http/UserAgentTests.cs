using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Modulo.Perf.Engine.Http;
using Modulo.Perf.Engine.Metrics;
using Modulo.Perf.Engine.Tests.Infrastructure;
using Modulo.Perf.Engine.Tests.WebSockets;

namespace Modulo.Perf.Engine.Tests.Http;

/// <summary>
/// The <c>User-Agent</c> a request or WebSocket handshake carries: the engine's own by default, the config's
/// <c>userAgent</c> instead (none when it is empty, as k6's), and an HTTP step's own header over both.
/// </summary>
public class UserAgentTests
{
    private const string Absent = "(none)";

    /// <summary>The request's <c>User-Agent</c> as the server received it, or <see cref="Absent"/>.</summary>
    private static string AgentOf(HttpContext context) =>
        context.Request.Headers.TryGetValue("User-Agent", out var agent) ? agent.ToString() : Absent;

    [Theory]
    [InlineData("", null)]
    [InlineData("\"userAgent\": \"team-load/2.1 (+ci)\",", "team-load/2.1 (+ci)")]
    [InlineData("\"userAgent\": \"\",", Absent)]
    public async Task A_run_sends_the_configured_user_agent_on_steps_that_set_none_and_the_steps_own_otherwise(string setting, string? configured)
    {
        var received = new ConcurrentQueue<(string Path, string UserAgent)>();
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/{name}", (string name, HttpContext context) =>
        {
            received.Enqueue((name, AgentOf(context)));
            return "ok";
        }));
        using var config = new TempConfig($$"""
            {
              "baseUrl": "{{server.BaseUrl}}", {{setting}}
              "scenarios": { "s": { "steps": [
                { "method": "GET", "path": "/plain" },
                { "method": "GET", "path": "/own", "headers": { "user-agent": "step/1" } }
              ] } },
              "profiles": { "once": { "executor": "per-vu-iterations", "vus": 1, "iterations": 2, "maxDuration": "30s" } },
              "profile": "once"
            }
            """);

        await Infrastructure.Engine.RunAsync(config);

        Assert.Equal(4, received.Count);
        Assert.All(received.Where(r => r.Path == "plain"), r => Assert.Equal(configured ?? HttpUserAgent.Value, r.UserAgent));
        Assert.All(received.Where(r => r.Path == "own"), r => Assert.Equal("step/1", r.UserAgent));
    }

    [Theory]
    [InlineData(false, "\"userAgent\": \"team-load/2.1 (+ci)\",", "team-load/2.1 (+ci)")]
    [InlineData(true, "\"userAgent\": \"team-load/2.1 (+ci)\",", "team-load/2.1 (+ci)")]
    [InlineData(false, "\"userAgent\": \"\",", Absent)]
    [InlineData(true, "\"userAgent\": \"\",", Absent)]
    [InlineData(true, "", null)]
    public async Task WebSocket_handshakes_carry_it_too_over_ws_and_wss(bool secure, string setting, string? configured)
    {
        var received = new ConcurrentQueue<string>();
        using var certificate = secure ? TestCertificates.Server() : null;
        await using var server = await LoopbackServer.StartAsync(app => app.Map("/ws", async (HttpContext context) =>
        {
            received.Enqueue(AgentOf(context));
            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            while (await TestSockets.ReceiveAsync(socket, context.RequestAborted) is not null)
            {
            }
        }), certificate: certificate);
        using var config = new TempConfig($$"""
            {
              "baseUrl": "{{server.BaseUrl}}", {{setting}} "insecureSkipTLSVerify": true,
              "scenarios": { "s": { "steps": [ { "ws": "connect", "path": "/ws", "timeout": "5s" } ] } },
              "profiles": { "once": { "executor": "per-vu-iterations", "vus": 1, "iterations": 2, "maxDuration": "30s" } },
              "profile": "once"
            }
            """);

        var result = await Infrastructure.Engine.RunAsync(config);

        Assert.Equal(2, result.Count(MetricCatalog.WsSessions));
        Assert.Equal(2, received.Count);
        Assert.All(received, agent => Assert.Equal(configured ?? HttpUserAgent.Value, agent));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Both_transports_leave_the_header_out_when_the_configured_user_agent_is_empty(bool forceHttpClient)
    {
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/", (HttpContext context) =>
            AgentOf(context)));
        await using var transport = HttpTransportFactory.Create(server.BaseUrl, new HttpTransportOptions { ForceHttpClient = forceHttpClient, UserAgent = "" });

        var exchange = await transport.SendAsync(transport.Prepare("GET", "/", [], ReadOnlyMemory<byte>.Empty), CancellationToken.None);

        Assert.Equal(200, exchange.StatusCode);
        Assert.Equal(Absent, System.Text.Encoding.ASCII.GetString(exchange.Body.Span));
    }
}
