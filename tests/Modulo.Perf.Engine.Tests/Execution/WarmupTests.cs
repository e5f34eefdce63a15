using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Modulo.Perf.Engine.Metrics;
using Modulo.Perf.Engine.Outcome;
using Modulo.Perf.Engine.Reporting;
using Modulo.Perf.Engine.Tests.Infrastructure;

namespace Modulo.Perf.Engine.Tests.Execution;

/// <summary>A profile's warm-up: load the service saw, recorded apart, judged by nothing.</summary>
public class WarmupTests
{
    [Fact]
    public async Task Warmup_samples_are_recorded_apart_and_kept_out_of_thresholds_and_baselines()
    {
        var served = 0;
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/", async () =>
        {
            // Cold for its first request, like a service still compiling: the warm-up's first request, which the
            // warm-up waits for even when it outlasts it. A threshold that saw the warm-up would fail.
            var cold = Interlocked.Increment(ref served) == 1;
            await Task.Delay(cold ? 300 : 1);
            return Results.Ok();
        }));
        using var config = new TempConfig($$"""
            { "baseUrl": "{{server.BaseUrl}}", "scenarios": { "s": { "steps": [ { "method": "GET", "path": "/" } ] } },
              "profiles": { "warm": { "executor": "per-vu-iterations", "vus": 1, "iterations": 20, "warmup": "1s" } }, "profile": "warm",
              "thresholds": { "http_req_duration": ["max<250"] } }
            """);

        var result = await Infrastructure.Engine.RunAsync(config, o => o with { UpdateBaseline = true });

        var warmup = Assert.IsType<WarmupSummary>(result.Warmup);
        Assert.True(warmup.Requests >= 1, $"{warmup.Requests} warm-up requests");
        var measured = result.Metrics!.QueryCounter(MetricCatalog.HttpReqs, new Dictionary<string, string>()).Count;
        Assert.Equal(20, measured);
        Assert.Equal(served, measured + warmup.Requests);
        Assert.True(result.Verdict == Verdict.Pass, string.Join("; ", result.Thresholds.Select(t => t.Message)));
        var recorded = Assert.Single(result.Comparison!.Current.Suites).Value.Throughput!.Requests;
        Assert.Equal(20, recorded);
        using var results = JsonDocument.Parse(File.ReadAllText(Path.Combine(config.OutputDirectory, ResultsJsonWriter.FileName)));
        Assert.Equal(warmup.Requests, results.RootElement.GetProperty("run").GetProperty("warmup").GetProperty("requests").GetInt64());
    }
}
