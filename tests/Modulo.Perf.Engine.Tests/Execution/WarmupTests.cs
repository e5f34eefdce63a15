using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Modulo.Perf.Engine.Metrics;
using Modulo.Perf.Engine.Outcome;
using Modulo.Perf.Engine.Reporting;
using Modulo.Perf.Engine.Tests.Infrastructure;
using Modulo.Perf.Engine.Tests.WebSockets;

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

    [Fact]
    public async Task The_load_continues_the_warm_ups_users_logged_in_once_with_the_runs_setup_and_teardown_run_once()
    {
        int logins = 0, runSetups = 0, teardowns = 0;
        // Every (token, iteration) the service was asked for: a VU that restarted {iter} in the load would repeat one.
        var seen = new ConcurrentDictionary<string, int>();
        await using var server = await LoopbackServer.StartAsync(app =>
        {
            app.MapPost("/admin", () => { Interlocked.Increment(ref runSetups); return Results.Ok(new { key = "k1" }); });
            app.MapPost("/login", () => Results.Ok(new { token = $"tok{Interlocked.Increment(ref logins)}" }));
            app.MapGet("/item", (HttpRequest request) =>
            {
                var token = request.Headers.Authorization.ToString();
                if (!token.StartsWith("Bearer tok", StringComparison.Ordinal) || request.Headers["X-Key"] != "k1")
                {
                    return Results.Unauthorized();
                }
                seen.AddOrUpdate($"{token} {request.Query["i"]}", 1, (_, count) => count + 1);
                return Results.Ok();
            });
            app.MapPost("/bye", () => { Interlocked.Increment(ref teardowns); return Results.Ok(); });
        });
        using var config = new TempConfig($$"""
            { "baseUrl": "{{server.BaseUrl}}",
              "setup": [ { "name": "admin", "method": "POST", "path": "/admin", "capture": { "key": "$.key" } } ],
              "teardown": [ { "name": "bye", "method": "POST", "path": "/bye" } ],
              "scenarios": { "s": {
                "setup": [ { "name": "login", "method": "POST", "path": "/login", "capture": { "token": "$.token" } } ],
                "steps": [ { "name": "item", "method": "GET", "path": "/item?i={iter}", "expect": 200,
                             "headers": { "Authorization": "Bearer {token}", "X-Key": "{key}" }, "thinkTime": "20ms" } ] } },
              "profiles": { "warm": { "executor": "constant-vus", "vus": 3, "duration": "1s", "warmup": "1s" } }, "profile": "warm",
              "thresholds": { "http_req_failed": ["rate==0"] } }
            """);

        var result = await Infrastructure.Engine.RunAsync(config);

        Assert.True(result.Verdict == Verdict.Pass, string.Join("; ", result.Thresholds.Select(t => t.Message)));
        Assert.Equal((1, 3, 1), (runSetups, logins, teardowns));
        Assert.DoesNotContain(seen, pair => pair.Value > 1);
        // The warm-up's requests (the run's setup, the logins, its items) and the load's (its items, the teardown).
        var warmup = Assert.IsType<WarmupSummary>(result.Warmup);
        Assert.Equal(seen.Count + runSetups + logins + teardowns, warmup.Requests + result.Count(MetricCatalog.HttpReqs));
        Assert.True(warmup.Requests > runSetups + logins, $"{warmup.Requests} warm-up requests");
        Assert.Equal(3, ((GaugeAggregate)result.Metrics!.Query(MetricCatalog.VusReached, new Dictionary<string, string>())).Value);
    }
}
