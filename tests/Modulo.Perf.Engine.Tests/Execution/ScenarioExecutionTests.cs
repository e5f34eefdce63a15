using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Modulo.Perf.Engine.Metrics;
using Modulo.Perf.Engine.Outcome;
using Modulo.Perf.Engine.Tests.Infrastructure;

namespace Modulo.Perf.Engine.Tests.Execution;

/// <summary>Scenarios as users write them: captures feeding later steps, several scenarios at once, abortOnFail.</summary>
public class ScenarioExecutionTests
{
    [Fact]
    public async Task Captured_ids_feed_later_steps_and_bodies()
    {
        var created = new ConcurrentDictionary<int, string>();
        var readIds = new ConcurrentBag<int>();
        var nextId = 0;
        await using var server = await LoopbackServer.StartAsync(app =>
        {
            app.MapPost("/api/notes", (NoteInput input) =>
            {
                var id = Interlocked.Increment(ref nextId);
                created[id] = input.Title;
                return Results.Created($"/api/notes/{id}", new { id, title = input.Title });
            });
            app.MapGet("/api/notes/{id:int}", (int id) =>
            {
                readIds.Add(id);
                return created.ContainsKey(id) ? Results.Ok(new { id }) : Results.NotFound();
            });
        });
        using var config = new TempConfig($$"""
            {
              "baseUrl": "{{server.BaseUrl}}",
              "scenarios": { "notes": { "steps": [
                { "name": "create", "method": "POST", "path": "/api/notes", "body": { "title": "note {seq}" }, "type": "write", "expect": 201, "capture": { "id": "$.id" } },
                { "name": "read", "method": "GET", "path": "/api/notes/{id}", "type": "read", "expect": 200 } ] } },
              "profiles": { "few": { "executor": "per-vu-iterations", "vus": 2, "iterations": 5, "maxDuration": "20s" } },
              "profile": "few",
              "thresholds": { "checks": ["rate==1"], "iterations": ["count==10"] }
            }
            """);

        var result = await Infrastructure.Engine.RunAsync(config);

        Assert.True(result.Verdict == Verdict.Pass, string.Join("; ", result.Thresholds.Select(t => t.Message)));
        Assert.Equal(10, created.Count);
        Assert.Equal(created.Keys.Order(), readIds.Order());
        Assert.Equal(Enumerable.Range(1, 5).SelectMany(i => new[] { $"note {i}", $"note {i}" }).Order(), created.Values.Order());
    }

    [Fact]
    public async Task Every_selected_scenario_gets_iterations_with_a_single_vu()
    {
        await using var server = await LoopbackServer.StartAsync(app =>
        {
            app.MapGet("/a", () => Results.Ok());
            app.MapGet("/b", () => Results.Ok());
            app.MapGet("/c", () => Results.Ok());
        });
        using var config = new TempConfig($$"""
            {
              "baseUrl": "{{server.BaseUrl}}",
              "scenarios": {
                "a": { "steps": [ { "method": "GET", "path": "/a" } ] },
                "b": { "steps": [ { "method": "GET", "path": "/b" } ] },
                "c": { "steps": [ { "method": "GET", "path": "/c" } ] } },
              "profiles": { "one": { "executor": "per-vu-iterations", "vus": 1, "iterations": 9 } },
              "profile": "one"
            }
            """);

        var result = await Infrastructure.Engine.RunAsync(config, o => o with { Scenarios = ["a", "c"] });

        Assert.Equal(Verdict.Pass, result.Verdict);
        long Iterations(string scenario) =>
            ((CounterAggregate)result.Metrics!.Query(MetricCatalog.Iterations, new Dictionary<string, string> { ["scenario"] = scenario })).Count;
        Assert.Equal(5, Iterations("a"));
        Assert.Equal(4, Iterations("c"));
        Assert.Equal(0, Iterations("b"));
    }

    [Fact]
    public async Task An_abort_on_fail_threshold_stops_the_run_early()
    {
        await using var server = await LoopbackServer.StartAsync(app =>
            app.MapGet("/slow", async () => { await Task.Delay(30); return Results.Ok(); }));
        using var config = new TempConfig($$"""
            {
              "baseUrl": "{{server.BaseUrl}}",
              "scenarios": { "s": { "steps": [ { "method": "GET", "path": "/slow", "type": "read" } ] } },
              "profiles": { "long": { "executor": "constant-vus", "vus": 2, "duration": "60s" } },
              "profile": "long",
              "thresholds": { "http_req_duration{type:read}": [{ "threshold": "p(99)<5", "abortOnFail": true, "delayAbortEval": "1s" }] }
            }
            """);

        var result = await Infrastructure.Engine.RunAsync(config);

        Assert.Equal(Verdict.SloViolation, result.Verdict);
        Assert.NotNull(result.AbortedBy);
        Assert.InRange(result.DurationSeconds, 1, 15);
    }

    private sealed record NoteInput(string Title);
}
