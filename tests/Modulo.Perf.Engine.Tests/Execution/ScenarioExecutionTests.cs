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
    public async Task Scenario_headers_follow_their_capture_and_a_whole_placeholder_keeps_the_captured_json_type()
    {
        var authorizations = new ConcurrentBag<string>();
        var bodies = new ConcurrentBag<string>();
        await using var server = await LoopbackServer.StartAsync(app =>
        {
            app.MapPost("/login", (HttpRequest request) =>
            {
                authorizations.Add("login:" + request.Headers.Authorization);
                return Results.Ok(new { token = "t-1", id = 5, code = "7", admin = true });
            });
            app.MapPost("/notes", async (HttpRequest request) =>
            {
                authorizations.Add("notes:" + request.Headers.Authorization);
                using var reader = new StreamReader(request.Body);
                bodies.Add(await reader.ReadToEndAsync());
                return Results.Ok();
            });
            app.MapGet("/own", (HttpRequest request) =>
            {
                authorizations.Add("own:" + request.Headers.Authorization);
                return Results.Ok();
            });
        });
        using var config = new TempConfig($$"""
            {
              "baseUrl": "{{server.BaseUrl}}",
              "scenarios": { "api": {
                "headers": { "Authorization": "Bearer {token}" },
                "steps": [
                  { "name": "login", "method": "POST", "path": "/login", "capture": { "token": "$.token", "id": "$.id", "code": "$.code", "admin": "$.admin" } },
                  { "name": "note", "method": "POST", "path": "/notes", "body": { "noteId": "{id}", "code": "{code}", "admin": "{admin}", "title": "note {id}", "tags": ["{id}"] } },
                  { "name": "own", "method": "GET", "path": "/own", "headers": { "authorization": "Basic x" } } ] } },
              "profiles": { "once": { "executor": "per-vu-iterations", "vus": 1, "iterations": 1, "maxDuration": "20s" } },
              "profile": "once"
            }
            """);

        var result = await Infrastructure.Engine.RunAsync(config);

        Assert.True(result.Verdict == Verdict.Pass, string.Join("; ", result.Errors.Select(e => e.Message)));
        Assert.Equal(["login:", "notes:Bearer t-1", "own:Basic x"], authorizations.Order(StringComparer.Ordinal));
        Assert.Equal("""{"noteId":5,"code":"7","admin":true,"title":"note 5","tags":[5]}""", Assert.Single(bodies));
    }

    [Fact]
    public void A_scenario_header_whose_variable_no_step_captures_is_an_error_at_the_variable()
    {
        var json = """{ "scenarios": { "s": { "headers": { "X-Token": "t-{tokn}" }, "steps": [ { "method": "GET", "path": "/", "capture": { "token": "$.t" } } ] } } }""";

        var error = Assert.Throws<Modulo.Perf.Engine.SourceText.ConfigurationException>(() =>
            Modulo.Perf.Engine.Configuration.ConfigLoader.Parse(System.Text.Encoding.UTF8.GetBytes(json), "perfgate.json", _ => null));

        Assert.Contains("unknown variable '{tokn}'", error.Message);
        Assert.Equal((1, 52), (error.Location!.Line, error.Location.Column));
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
