using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Modulo.Perf.Engine.Outcome;
using Modulo.Perf.Engine.Tests.Infrastructure;

namespace Modulo.Perf.Engine.Tests.Execution;

/// <summary>The probe before the load asks what the requests will reach: the target, or the proxy they go through.</summary>
public class TargetProbeTests
{
    private const string DeadTarget = "http://127.0.0.1:9";

    private static TempConfig Config() => new($$"""
        {
          "baseUrl": "{{DeadTarget}}",
          "scenarios": { "s": { "steps": [ { "method": "GET", "path": "/ping" } ] } },
          "profiles": { "short": { "executor": "per-vu-iterations", "vus": 1, "iterations": 3, "maxDuration": "30s" } },
          "profile": "short"
        }
        """);

    [Fact]
    public async Task A_target_reached_through_http_proxy_is_not_reported_unreachable()
    {
        var requests = 0;
        // Kestrel takes the proxy's place: it accepts absolute-form request targets and routes them by path.
        await using var proxy = await LoopbackServer.StartAsync(app => app.MapGet("/ping", () =>
        {
            Interlocked.Increment(ref requests);
            return Results.Ok("pong");
        }));
        using var config = Config();
        using var engine = EngineProcess.Start(config, new Dictionary<string, string> { ["http_proxy"] = proxy.BaseUrl.ToString(), ["no_proxy"] = "" });

        var (exitCode, _, output) = await engine.WaitAsync();

        Assert.True(exitCode == ExitCodes.Pass, output);
        Assert.Equal(3, requests);
    }

    [Fact]
    public async Task A_dead_proxy_is_named_as_what_cannot_be_reached()
    {
        using var config = Config();
        using var engine = EngineProcess.Start(config, new Dictionary<string, string> { ["http_proxy"] = "http://127.0.0.1:7", ["no_proxy"] = "" });

        var (exitCode, results, output) = await engine.WaitAsync();

        Assert.True(exitCode == ExitCodes.TargetUnreachable, output);
        Assert.Contains("cannot connect to the proxy 127.0.0.1:7 that requests to 127.0.0.1:9 go through",
            results!.RootElement.GetProperty("errors")[0].GetProperty("message").GetString());
    }
}
