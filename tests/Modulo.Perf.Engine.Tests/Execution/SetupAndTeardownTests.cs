using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Modulo.Perf.Engine.Metrics;
using Modulo.Perf.Engine.Outcome;
using Modulo.Perf.Engine.Tests.Infrastructure;
using Modulo.Perf.Engine.Tests.WebSockets;

namespace Modulo.Perf.Engine.Tests.Execution;

/// <summary>Setup once per VU and per run, teardown once after, their captures, their retries, and their tags.</summary>
public class SetupAndTeardownTests
{
    [Fact]
    public async Task Scenario_setup_runs_once_per_vu_and_its_captures_stay_with_that_vu()
    {
        var logins = new ConcurrentDictionary<string, int>();
        var tokensSeen = new ConcurrentBag<(string Vu, string Token)>();
        await using var server = await LoopbackServer.StartAsync(app =>
        {
            app.MapPost("/login/{vu}", (string vu) => Results.Ok(new { token = $"t-{vu}-{logins.AddOrUpdate(vu, 1, (_, n) => n + 1)}" }));
            app.MapGet("/work/{vu}", (string vu, HttpRequest request) =>
            {
                tokensSeen.Add((vu, request.Headers.Authorization.ToString()));
                return Results.Ok();
            });
        });
        using var config = new TempConfig($$"""
            {
              "baseUrl": "{{server.BaseUrl}}",
              "scenarios": { "s": {
                "setup": [ { "name": "login", "method": "POST", "path": "/login/{vu}", "capture": { "token": "$.token" } } ],
                "steps": [ { "name": "work", "method": "GET", "path": "/work/{vu}", "headers": { "Authorization": "Bearer {token}" } } ] } },
              "profiles": { "p": { "executor": "per-vu-iterations", "vus": 4, "iterations": 6 } },
              "profile": "p"
            }
            """);

        var result = await Infrastructure.Engine.RunAsync(config);

        Assert.Equal(Verdict.Pass, result.Verdict);
        Assert.Equal(["1", "2", "3", "4"], logins.Keys.Order());
        Assert.All(logins.Values, count => Assert.Equal(1, count));
        Assert.Equal(24, tokensSeen.Count);
        Assert.All(tokensSeen, seen => Assert.Equal($"Bearer t-{seen.Vu}-1", seen.Token));
        Assert.Equal(4, result.Count(MetricCatalog.HttpReqs, ("phase", "setup")));
        Assert.Equal(28, result.Count(MetricCatalog.HttpReqs));
    }

    [Fact]
    public async Task A_failed_scenario_setup_is_retried_on_the_next_iteration_and_skips_the_steps_until_then()
    {
        var attempts = 0;
        var work = 0;
        await using var server = await LoopbackServer.StartAsync(app =>
        {
            // The first two logins fail: the single VU's first two iterations end after their setup.
            app.MapPost("/login", () => Interlocked.Increment(ref attempts) <= 2 ? Results.StatusCode(503) : Results.Ok(new { token = "t" }));
            app.MapGet("/work", () => { Interlocked.Increment(ref work); return Results.Ok(); });
        });
        using var config = new TempConfig($$"""
            {
              "baseUrl": "{{server.BaseUrl}}",
              "scenarios": { "s": {
                "setup": [ { "name": "login", "method": "POST", "path": "/login", "capture": { "token": "$.token" } } ],
                "steps": [ { "name": "work", "method": "GET", "path": "/work?t={token}" } ] } },
              "profiles": { "p": { "executor": "per-vu-iterations", "vus": 1, "iterations": 5 } },
              "profile": "p"
            }
            """);

        var result = await Infrastructure.Engine.RunAsync(config);

        Assert.Equal(3, attempts);
        Assert.Equal(3, work);
        Assert.Equal(2, result.Rate(MetricCatalog.HttpReqFailed, ("phase", "setup")).Passes);
    }

    [Fact]
    public async Task Run_setup_runs_once_before_the_load_shares_its_captures_and_teardown_runs_once_after()
    {
        var events = new ConcurrentQueue<string>();
        await using var server = await LoopbackServer.StartAsync(app =>
        {
            app.MapPost("/tenants", () => { events.Enqueue("setup"); return Results.Ok(new { id = "tn-1" }); });
            app.MapPost("/tenants/{id}/notes", (string id) => { events.Enqueue($"write {id}"); return Results.Created(); });
            app.MapDelete("/tenants/{id}", (string id) => { events.Enqueue($"teardown {id}"); return Results.NoContent(); });
        });
        using var config = new TempConfig($$"""
            {
              "baseUrl": "{{server.BaseUrl}}",
              "setup": [ { "name": "tenant", "method": "POST", "path": "/tenants", "capture": { "tenant": "$.id" } } ],
              "teardown": [ { "name": "drop tenant", "method": "DELETE", "path": "/tenants/{tenant}" } ],
              "scenarios": { "s": { "steps": [ { "name": "write", "method": "POST", "path": "/tenants/{tenant}/notes", "expect": 201 } ] } },
              "profiles": { "p": { "executor": "per-vu-iterations", "vus": 3, "iterations": 4 } },
              "profile": "p"
            }
            """);

        var result = await Infrastructure.Engine.RunAsync(config);

        Assert.Equal(Verdict.Pass, result.Verdict);
        Assert.Equal(["setup", .. Enumerable.Repeat("write tn-1", 12), "teardown tn-1"], events);
        Assert.Equal(1, result.Count(MetricCatalog.HttpReqs, ("phase", "setup")));
        Assert.Equal(1, result.Count(MetricCatalog.HttpReqs, ("phase", "teardown")));
        Assert.Equal(14, result.Count(MetricCatalog.HttpReqs));
    }

    [Fact]
    public async Task Setup_requests_stay_out_of_the_slo_trends_unless_the_config_opts_in()
    {
        await using var server = await LoopbackServer.StartAsync(app =>
        {
            app.MapPost("/login", () => Results.Ok(new { token = "t" }));
            app.MapPost("/notes", () => Results.Created());
        });
        string Config(bool include) => $$"""
            {
              "baseUrl": "{{server.BaseUrl}}",
              "includeSetupInSlo": {{(include ? "true" : "false")}},
              "scenarios": { "s": {
                "setup": [ { "name": "login", "method": "POST", "path": "/login", "capture": { "token": "$.token" } } ],
                "steps": [ { "name": "write", "method": "POST", "path": "/notes?t={token}" } ] } },
              "profiles": { "p": { "executor": "per-vu-iterations", "vus": 2, "iterations": 5 } },
              "profile": "p"
            }
            """;
        using var excluded = new TempConfig(Config(include: false));
        using var included = new TempConfig(Config(include: true));

        var without = await Infrastructure.Engine.RunAsync(excluded);
        var with = await Infrastructure.Engine.RunAsync(included);

        Assert.Equal(10, without.Trend(MetricCatalog.SloWriteLatency).SampleCount);
        Assert.Equal(12, with.Trend(MetricCatalog.SloWriteLatency).SampleCount);
        Assert.Equal(12, without.Rate(MetricCatalog.HttpReqFailed).Total);
    }

    [Fact]
    public async Task A_failed_run_setup_sends_no_load_and_is_exit_3_at_the_failing_step()
    {
        var loaded = 0;
        await using var server = await LoopbackServer.StartAsync(app =>
        {
            app.MapPost("/login", () => Results.Unauthorized());
            app.MapGet("/work", () => { Interlocked.Increment(ref loaded); return Results.Ok(); });
        });
        using var config = new TempConfig($$"""
            {
              "baseUrl": "{{server.BaseUrl}}",
              "setup": [
                { "name": "login", "method": "POST", "path": "/login?user=admin", "capture": { "token": "$.token" } } ],
              "scenarios": { "s": { "steps": [ { "method": "GET", "path": "/work" } ] } },
              "profiles": { "p": { "executor": "per-vu-iterations", "vus": 2, "iterations": 3 } },
              "profile": "p"
            }
            """);

        var (exitCode, results, output) = await Infrastructure.Engine.RunProcessAsync(config);

        Assert.Equal(ExitCodes.InvalidConfiguration, exitCode);
        Assert.Equal(0, loaded);
        Assert.Contains($"{config.Path}(4,5): error: the run's setup failed, so no load was sent: login: POST /login answered 401", output);
        var error = results!.RootElement.GetProperty("errors")[0];
        Assert.Equal(4, error.GetProperty("line").GetInt32());
        Assert.DoesNotContain("admin", error.GetProperty("message").GetString());
    }
}
