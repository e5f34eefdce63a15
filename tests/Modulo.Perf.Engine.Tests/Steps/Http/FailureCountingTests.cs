using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Modulo.Perf.Engine.Metrics;
using Modulo.Perf.Engine.Outcome;
using Modulo.Perf.Engine.Tests.Infrastructure;

namespace Modulo.Perf.Engine.Tests.Steps.Http;

/// <summary>A failed request is a non-expected status, a timeout or a transport error, each counted by cause.</summary>
public class FailureCountingTests
{
    private static readonly Dictionary<string, string> All = new();

    private static string Config(Uri baseUrl, string path, string extra = "") => $$"""
        {
          "baseUrl": "{{baseUrl}}",
          {{extra}}
          "scenarios": { "s": { "steps": [ { "name": "call", "method": "GET", "path": "{{path}}", "type": "read" } ] } },
          "profiles": { "short": { "executor": "constant-vus", "vus": 2, "duration": "2s" } },
          "profile": "short",
          "thresholds": { "slo_error_rate": ["rate<0.001"], "availability": ["rate>0.999"] }
        }
        """;

    [Fact]
    public async Task Server_errors_are_failures_by_status_and_violate_the_error_rate()
    {
        var calls = 0;
        await using var server = await LoopbackServer.StartAsync(app =>
            app.MapGet("/flaky", () => Interlocked.Increment(ref calls) % 2 == 0 ? Results.StatusCode(500) : Results.Ok()));
        using var config = new TempConfig(Config(server.BaseUrl, "/flaky"));

        var result = await Infrastructure.Engine.RunAsync(config);

        Assert.Equal(Verdict.SloViolation, result.Verdict);
        var failed = (RateAggregate)result.Metrics!.Query(MetricCatalog.HttpReqFailed, All);
        Assert.InRange(failed.Rate, 0.45, 0.55);
        Assert.Equal(failed.Passes, result.FailuresByCause["status"]);
        var server500 = (RateAggregate)result.Metrics.Query(MetricCatalog.HttpReqFailed, new Dictionary<string, string> { ["status"] = "500" });
        Assert.Equal(server500.Total, server500.Passes);
        Assert.All(result.Thresholds, t => Assert.False(t.Ok));
    }

    [Fact]
    public async Task Requests_slower_than_the_request_timeout_fail_as_timeouts()
    {
        await using var server = await LoopbackServer.StartAsync(app =>
            app.MapGet("/hang", async (CancellationToken aborted) => { await Task.Delay(TimeSpan.FromSeconds(5), aborted); return Results.Ok(); }));
        using var config = new TempConfig(Config(server.BaseUrl, "/hang", "\"requestTimeout\": \"300ms\","));

        var result = await Infrastructure.Engine.RunAsync(config);

        Assert.Equal(Verdict.SloViolation, result.Verdict);
        Assert.True(result.FailuresByCause["timeout"] >= 2, $"timeouts: {result.FailuresByCause["timeout"]}");
        var failed = (RateAggregate)result.Metrics!.Query(MetricCatalog.HttpReqFailed, All);
        Assert.Equal(failed.Total, result.FailuresByCause["timeout"]);
        Assert.True(result.DurationSeconds < 10, $"the run took {result.DurationSeconds} s");
    }

    [Fact]
    public async Task A_server_that_goes_away_mid_run_gives_refused_failures_not_a_hang()
    {
        var server = await LoopbackServer.StartAsync(app => app.MapGet("/ok", () => Results.Ok()));
        using var config = new TempConfig(Config(server.BaseUrl, "/ok").Replace("\"2s\"", "\"3s\""));
        var run = Infrastructure.Engine.RunAsync(config);
        await Task.Delay(TimeSpan.FromSeconds(1));
        await server.DisposeAsync();

        var result = await run;

        Assert.Equal(Verdict.SloViolation, result.Verdict);
        var causes = result.FailuresByCause;
        Assert.True(causes["refused"] + causes["reset"] > 0, string.Join(", ", causes));
        var requests = (CounterAggregate)result.Metrics!.Query(MetricCatalog.HttpReqs, All);
        Assert.True(requests.Count > causes["refused"], "requests before the server stopped succeeded");
        Assert.True(result.DurationSeconds < 10, $"the run took {result.DurationSeconds} s");
    }
}
