using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Modulo.Perf.Engine.Metrics;
using Modulo.Perf.Engine.Outcome;
using Modulo.Perf.Engine.Tests.Infrastructure;
using Modulo.Perf.Engine.Tests.WebSockets;

namespace Modulo.Perf.Engine.Tests.Execution;

/// <summary>Form and text bodies as the server reads them; checks on JSON responses and failOnCheck.</summary>
public class BodiesAndChecksTests
{
    [Fact]
    public async Task Form_and_text_bodies_arrive_encoded_with_their_content_types()
    {
        var forms = new ConcurrentBag<(string? ContentType, string User, string Note)>();
        var texts = new ConcurrentBag<(string? ContentType, string Body)>();
        await using var server = await LoopbackServer.StartAsync(app =>
        {
            app.MapPost("/form", async (HttpRequest request) =>
            {
                var form = await request.ReadFormAsync();
                forms.Add((request.ContentType, form["user"].ToString(), form["note"].ToString()));
                return Results.Ok();
            });
            app.MapPost("/text", async (HttpRequest request) =>
            {
                texts.Add((request.ContentType, await new StreamReader(request.Body).ReadToEndAsync()));
                return Results.Ok();
            });
        });
        using var config = new TempConfig($$"""
            {
              "baseUrl": "{{server.BaseUrl}}",
              "scenarios": { "s": { "steps": [
                { "method": "POST", "path": "/form", "form": { "user": "u{vu}&x=1", "note": "a b+c/é" } },
                { "method": "POST", "path": "/text", "text": "<order id=\"{seq}\"/>", "contentType": "application/xml" } ] } },
              "profiles": { "p": { "executor": "per-vu-iterations", "vus": 1, "iterations": 2 } },
              "profile": "p"
            }
            """);

        Assert.Equal(Verdict.Pass, (await Infrastructure.Engine.RunAsync(config)).Verdict);

        Assert.Equal(2, forms.Count);
        Assert.All(forms, f => Assert.Equal(("application/x-www-form-urlencoded", "u1&x=1", "a b+c/é"), f));
        Assert.Equal(["<order id=\"1\"/>", "<order id=\"2\"/>"], texts.Select(t => t.Body).Order());
        Assert.All(texts, t => Assert.Equal("application/xml", t.ContentType));
    }

    [Fact]
    public async Task Checks_count_per_step_and_fail_the_request_only_with_fail_on_check()
    {
        await using var server = await LoopbackServer.StartAsync(app =>
            // Odd iterations answer the title the step expects, even ones a stale one.
            app.MapGet("/notes/{n:int}", (int n) => Results.Ok(new { title = n % 2 == 1 ? $"t{n}" : "stale", count = 3 })));
        using var config = new TempConfig($$"""
            {
              "baseUrl": "{{server.BaseUrl}}",
              "scenarios": { "s": { "steps": [
                { "name": "lenient", "method": "GET", "path": "/notes/{seq}", "check": { "$.title": "t{seq}", "$.count": 3 } },
                { "name": "strict", "method": "GET", "path": "/notes/{seq}", "check": { "$.title": "t{seq}" }, "failOnCheck": true } ] } },
              "profiles": { "p": { "executor": "per-vu-iterations", "vus": 1, "iterations": 4 } },
              "profile": "p"
            }
            """);

        var result = await Infrastructure.Engine.RunAsync(config);

        // lenient: 4 status checks pass, 4 count checks pass, 2 of 4 title checks pass.
        Assert.Equal(new RateAggregate(10, 12), result.Rate(MetricCatalog.Checks, ("name", "lenient")));
        Assert.Equal(0, result.Rate(MetricCatalog.HttpReqFailed, ("name", "lenient")).Passes);
        // strict: the 2 failed checks fail their requests, counted under cause "check".
        Assert.Equal(2, result.Rate(MetricCatalog.HttpReqFailed, ("name", "strict")).Passes);
        Assert.Equal(2, result.Rate(MetricCatalog.HttpReqFailed, ("name", "strict"), ("cause", "check")).Passes);
        Assert.Equal(2L, result.FailuresByCause["check"]);
    }
}
