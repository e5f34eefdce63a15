using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Modulo.Perf.Engine.Http;
using Modulo.Perf.Engine.Tests.Infrastructure;

namespace Modulo.Perf.Engine.Tests.Http;

/// <summary>
/// The <c>User-Agent</c> a request carries: the engine's own by default, the config's <c>userAgent</c> instead (none
/// when it is empty, as k6's), and a step's own header over both.
/// </summary>
public class UserAgentTests
{
    private const string Absent = "(none)";

    [Theory]
    [InlineData("", null)]
    [InlineData("\"userAgent\": \"team-load/2.1 (+ci)\",", "team-load/2.1 (+ci)")]
    [InlineData("\"userAgent\": \"\",", Absent)]
    public async Task A_run_sends_the_configured_user_agent_on_steps_that_set_none_and_the_steps_own_otherwise(string setting, string? configured)
    {
        var received = new ConcurrentQueue<(string Path, string UserAgent)>();
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/{name}", (string name, HttpContext context) =>
        {
            received.Enqueue((name, context.Request.Headers.TryGetValue("User-Agent", out var agent) ? agent.ToString() : Absent));
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
    [InlineData(false)]
    [InlineData(true)]
    public async Task Both_transports_leave_the_header_out_when_the_configured_user_agent_is_empty(bool forceHttpClient)
    {
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/", (HttpContext context) =>
            context.Request.Headers.TryGetValue("User-Agent", out var agent) ? agent.ToString() : Absent));
        await using var transport = HttpTransportFactory.Create(server.BaseUrl, new HttpTransportOptions { ForceHttpClient = forceHttpClient, UserAgent = "" });

        var exchange = await transport.SendAsync(transport.Prepare("GET", "/", [], ReadOnlyMemory<byte>.Empty), CancellationToken.None);

        Assert.Equal(200, exchange.StatusCode);
        Assert.Equal(Absent, System.Text.Encoding.ASCII.GetString(exchange.Body.Span));
    }
}
