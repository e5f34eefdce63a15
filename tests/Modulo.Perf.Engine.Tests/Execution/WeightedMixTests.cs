using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Modulo.Perf.Engine.Metrics;
using Modulo.Perf.Engine.Outcome;
using Modulo.Perf.Engine.Tests.Infrastructure;
using Modulo.Perf.Engine.Tests.WebSockets;

namespace Modulo.Perf.Engine.Tests.Execution;

/// <summary>Scenarios picked by weight: the share holds, and the same seed gives the same mix.</summary>
public class WeightedMixTests
{
    [Fact]
    public async Task An_80_20_mix_lands_within_3_percent_over_5000_iterations_and_repeats_exactly()
    {
        await using var server = await LoopbackServer.StartAsync(app =>
        {
            app.MapGet("/browse", () => Results.Ok());
            app.MapPost("/write", () => Results.Ok());
        });
        using var config = new TempConfig($$"""
            {
              "baseUrl": "{{server.BaseUrl}}",
              "scenarios": {
                "browse": { "weight": 80, "steps": [ { "method": "GET", "path": "/browse" } ] },
                "write": { "weight": 20, "steps": [ { "method": "POST", "path": "/write" } ] } },
              "profiles": { "p": { "executor": "per-vu-iterations", "vus": 4, "iterations": 1250 } },
              "profile": "p"
            }
            """);

        var first = await Infrastructure.Engine.RunAsync(config);
        var second = await Infrastructure.Engine.RunAsync(config);

        Assert.Equal(Verdict.Pass, first.Verdict);
        var browse = first.Count(MetricCatalog.Iterations, ("scenario", "browse"));
        var write = first.Count(MetricCatalog.Iterations, ("scenario", "write"));
        Assert.Equal(5000, browse + write);
        Assert.InRange(browse / 5000.0, 0.77, 0.83);
        Assert.Equal(browse, second.Count(MetricCatalog.Iterations, ("scenario", "browse")));
    }
}
