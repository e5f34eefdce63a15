using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Modulo.Perf.Engine.Tests.Infrastructure;

namespace Modulo.Perf.Engine.Tests.Steps.Http;

/// <summary>
/// A failing step is reported with its status and what the server answered, so a user can debug it: by step and
/// status in results.json, with the first distinct samples, and never with the request's credentials.
/// </summary>
public class FailureSampleTests
{
    private const string Token = "eyJhbGciOiJIUzI1NiJ9.s3cr3t-token";
    private const string CookieValue = "cookie-s3cr3t-value";
    private const string QueryValue = "query-s3cr3t";

    [Fact]
    public async Task Samples_show_method_path_status_and_body_with_credentials_and_query_values_removed()
    {
        var calls = 0;
        await using var server = await LoopbackServer.StartAsync(app =>
        {
            app.MapGet("/ok", () => Results.Ok());
            // As a development error page does: the answer echoes the request's credentials. Seven distinct bodies.
            app.MapPost("/api/register", (HttpRequest request) => Results.Text(
                $$"""{"error":"email taken","attempt":{{Interlocked.Increment(ref calls) % 7}},"authorization":"{{request.Headers.Authorization}}","cookie":"{{request.Headers.Cookie}}"}""",
                "application/json", statusCode: 400));
        });
        using var config = new TempConfig($$"""
            {
              "baseUrl": "{{server.BaseUrl}}",
              "scenarios": { "signup": { "steps": [
                { "name": "home", "method": "GET", "path": "/ok", "type": "read" },
                { "name": "register", "method": "POST", "path": "/api/register?invite={{QueryValue}}&plan=free", "type": "write",
                  "headers": { "Authorization": "Bearer {{Token}}", "Cookie": "session={{CookieValue}}" },
                  "body": { "email": "a@b.c" } } ] } },
              "profiles": { "short": { "executor": "constant-vus", "vus": 2, "duration": "2s" } },
              "profile": "short",
              "thresholds": { "slo_error_rate": ["rate<0.01"] }
            }
            """);

        var (exitCode, results, output) = await Infrastructure.Engine.RunProcessAsync(config);

        Assert.True(exitCode == 2, output);
        var step = Assert.Single(results!.RootElement.GetProperty("failuresByStep").EnumerateArray());
        Assert.Equal("register", step.GetProperty("step").GetString());
        var failed = step.GetProperty("count").GetInt64();
        Assert.True(failed > 7, $"only {failed} failures");
        Assert.Equal(failed, step.GetProperty("outcomes").GetProperty("400").GetInt64());
        var samples = step.GetProperty("samples").EnumerateArray().ToList();
        Assert.Equal(5, samples.Count);
        Assert.Equal(5, samples.Select(s => s.GetProperty("body").GetString()).Distinct().Count());
        foreach (var sample in samples)
        {
            Assert.Equal("POST", sample.GetProperty("method").GetString());
            Assert.Equal("/api/register?invite=&plan=", sample.GetProperty("path").GetString());
            Assert.Equal(400, sample.GetProperty("status").GetInt32());
            Assert.Equal("status", sample.GetProperty("cause").GetString());
            var body = sample.GetProperty("body").GetString()!;
            Assert.Contains("\"error\":\"email taken\"", body);
            Assert.Contains("\"authorization\":\"[redacted]\"", body);
            Assert.Contains("\"cookie\":\"[redacted]\"", body);
        }
        var threshold = Assert.Single(results.RootElement.GetProperty("thresholds").EnumerateArray());
        Assert.EndsWith($"; most failures: register → 400 ({failed})", threshold.GetProperty("message").GetString());
        foreach (var file in Directory.GetFiles(config.OutputDirectory))
        {
            var text = File.ReadAllText(file);
            Assert.DoesNotContain("s3cr3t", text);
        }
    }

    [Fact]
    public async Task A_body_is_kept_to_its_first_512_bytes_and_transport_failures_name_their_cause()
    {
        await using var server = await LoopbackServer.StartAsync(app =>
        {
            app.MapGet("/big", () => Results.Text(new string('x', 2000), "text/plain", statusCode: 503));
            app.MapGet("/hang", async (CancellationToken aborted) => { await Task.Delay(TimeSpan.FromSeconds(5), aborted); return Results.Ok(); });
        });
        // /big is answered at once, and must never time out: its first answer is compiled beforehand, and the timeout
        // leaves a busy test host a second (a CI run once saw a first /big take longer than the 300 ms it had then).
        using (var warm = new HttpClient())
        {
            await warm.GetAsync(new Uri(server.BaseUrl, "/big"));
        }
        using var config = new TempConfig($$"""
            {
              "baseUrl": "{{server.BaseUrl}}",
              "requestTimeout": "1s",
              "scenarios": { "s": { "steps": [
                { "name": "big", "method": "GET", "path": "/big", "type": "read" },
                { "name": "hang", "method": "GET", "path": "/hang", "type": "read" } ] } },
              "profiles": { "short": { "executor": "constant-vus", "vus": 1, "duration": "2s" } },
              "profile": "short",
              "thresholds": { "http_req_failed": ["rate<0.01"] }
            }
            """);

        var (exitCode, results, output) = await Infrastructure.Engine.RunProcessAsync(config);

        Assert.True(exitCode == 2, output);
        var steps = results!.RootElement.GetProperty("failuresByStep").EnumerateArray().ToDictionary(s => s.GetProperty("step").GetString()!);
        var big = Assert.Single(steps["big"].GetProperty("samples").EnumerateArray());
        Assert.Equal(503, big.GetProperty("status").GetInt32());
        Assert.Equal(new string('x', 512), big.GetProperty("body").GetString());
        var hang = Assert.Single(steps["hang"].GetProperty("samples").EnumerateArray());
        Assert.Equal((0, "timeout", ""), (hang.GetProperty("status").GetInt32(), hang.GetProperty("cause").GetString(), hang.GetProperty("body").GetString()));
        Assert.True(steps["hang"].GetProperty("outcomes").GetProperty("timeout").GetInt64() > 0);
    }
}
