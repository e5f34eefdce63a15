using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Modulo.Perf.Engine.Gate;
using Modulo.Perf.Engine.Outcome;
using Modulo.Perf.Engine.Tests.Infrastructure;

namespace Modulo.Perf.Engine.Tests.Execution;

/// <summary>Feeders as VUs use them: unique rows never repeat and stop the scenario when they run out; sequential wraps.</summary>
public class DataFeederTests
{
    [Fact]
    public async Task A_unique_feeder_never_hands_a_row_twice_across_4_vus_and_stops_the_scenario_when_rows_run_out()
    {
        var seen = new ConcurrentBag<(string Email, string Name)>();
        await using var server = await LoopbackServer.StartAsync(app =>
            app.MapPost("/register", (Registration r) => { seen.Add((r.Email, r.Name)); return Results.Ok(); }));
        using var config = new TempConfig($$"""
            {
              "baseUrl": "{{server.BaseUrl}}",
              "data": { "users": { "file": "data/users.csv", "order": "unique" } },
              "scenarios": { "s": { "steps": [
                { "method": "POST", "path": "/register", "body": { "email": "{users.email}", "name": "{users.name}" } } ] } },
              "profiles": { "p": { "executor": "constant-vus", "vus": 4, "duration": "60s" } },
              "profile": "p"
            }
            """);
        Directory.CreateDirectory(Path.Combine(config.Directory, "data"));
        File.WriteAllLines(Path.Combine(config.Directory, "data", "users.csv"),
            ["email,name", .. Enumerable.Range(1, 200).Select(i => $"u{i}@x.test,\"Doe, No. {i}\"")]);
        var log = new StringWriter();

        using var interrupt = new RunInterrupt();
        var result = await GateRunner.RunAsync(new RunOptions { ConfigPath = config.Path, OutputDirectory = config.OutputDirectory }, log, interrupt);

        Assert.Equal(Verdict.Pass, result.Verdict);
        Assert.Equal(200, seen.Count);
        Assert.Equal(Enumerable.Range(1, 200).Select(i => ($"u{i}@x.test", $"Doe, No. {i}")).Order(), seen.Order());
        // The 60 s schedule ended as soon as the rows ran out.
        Assert.InRange(result.DurationSeconds, 0, 30);
        Assert.Contains($"scenario 's' stopped: feeder 'users' (\"order\": \"unique\") has handed out all 200 rows of {Path.Combine(config.Directory, "data", "users.csv")}", log.ToString());
    }

    [Fact]
    public async Task A_sequential_json_feeder_goes_round_the_rows_in_order()
    {
        var seen = new ConcurrentQueue<string>();
        await using var server = await LoopbackServer.StartAsync(app =>
            app.MapGet("/products/{sku}", (string sku) => { seen.Enqueue(sku); return Results.Ok(); }));
        using var config = new TempConfig($$"""
            {
              "baseUrl": "{{server.BaseUrl}}",
              "data": { "products": { "file": "products.json" } },
              "scenarios": { "s": { "steps": [ { "method": "GET", "path": "/products/{products.sku}" } ] } },
              "profiles": { "p": { "executor": "per-vu-iterations", "vus": 1, "iterations": 5 } },
              "profile": "p"
            }
            """);
        File.WriteAllText(Path.Combine(config.Directory, "products.json"), """[ { "sku": "a", "price": 1 }, { "sku": "b", "price": 2.5 } ]""");

        Assert.Equal(Verdict.Pass, (await Infrastructure.Engine.RunAsync(config)).Verdict);

        Assert.Equal(["a", "b", "a", "b", "a"], seen);
    }

    [Fact]
    public async Task A_random_feeder_draws_every_row_and_the_same_sequence_in_every_run()
    {
        var seen = new ConcurrentQueue<string>();
        await using var server = await LoopbackServer.StartAsync(app =>
            app.MapGet("/products/{sku}", (string sku) => { seen.Enqueue(sku); return Results.Ok(); }));
        using var config = new TempConfig($$"""
            {
              "baseUrl": "{{server.BaseUrl}}",
              "data": { "products": { "file": "products.csv", "order": "random" } },
              "scenarios": { "s": { "steps": [ { "method": "GET", "path": "/products/{products.sku}" } ] } },
              "profiles": { "p": { "executor": "per-vu-iterations", "vus": 1, "iterations": 60 } },
              "profile": "p"
            }
            """);
        File.WriteAllText(Path.Combine(config.Directory, "products.csv"), "sku\na\nb\nc\n");

        await Infrastructure.Engine.RunAsync(config);
        var first = seen.ToArray();
        seen.Clear();
        await Infrastructure.Engine.RunAsync(config);

        Assert.Equal(["a", "b", "c"], first.Distinct().Order());
        Assert.NotEqual(Enumerable.Range(0, 60).Select(i => "abc"[i % 3].ToString()), first);
        Assert.Equal(first, seen);
    }

    [Fact]
    public async Task An_unknown_column_is_exit_3_at_the_reference_before_any_load()
    {
        var requests = 0;
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/", () => { Interlocked.Increment(ref requests); return Results.Ok(); }));
        using var config = new TempConfig($$"""
            {
              "baseUrl": "{{server.BaseUrl}}",
              "data": { "users": { "file": "users.json" } },
              "scenarios": { "s": { "steps": [
                { "method": "GET", "path": "/?u={users.mail}" } ] } }
            }
            """);
        File.WriteAllText(Path.Combine(config.Directory, "users.json"), """[ { "email": "a@x.test" } ]""");

        var (exitCode, _, output) = await Infrastructure.Engine.RunProcessAsync(config);

        Assert.Equal(ExitCodes.InvalidConfiguration, exitCode);
        Assert.Contains($"{config.Path}(5,37): error: unknown column 'mail' of feeder 'users'", output);
        Assert.Equal(0, requests);
    }

    private sealed record Registration(string Email, string Name);
}
