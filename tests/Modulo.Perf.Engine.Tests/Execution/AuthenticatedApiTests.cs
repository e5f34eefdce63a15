using Modulo.Perf.Engine.Metrics;
using Modulo.Perf.Engine.Outcome;
using Modulo.Perf.Engine.Tests.Infrastructure;
using Modulo.Perf.Engine.Tests.WebSockets;

namespace Modulo.Perf.Engine.Tests.Execution;

/// <summary>
/// The case that failed for a new user (issue 10): register → login → create → list → get → delete on an Identity
/// API at 16 VUs, twice against the same database. Unique addresses ({run}, {vu}) and a once-per-VU setup make it pass.
/// </summary>
public class AuthenticatedApiTests
{
    [Fact]
    public async Task An_identity_crud_scenario_at_16_vus_has_no_failures_in_two_runs_on_the_same_database()
    {
        using var config = new TempConfig("{}");
        await using var server = await IdentityTodoApi.StartAsync(Path.Combine(config.Directory, "app.db"));
        File.WriteAllText(config.Path, $$"""
            {
              "baseUrl": "{{server.BaseUrl}}",
              "scenarios": { "todos": {
                "setup": [
                  { "name": "register", "method": "POST", "path": "/register", "body": { "email": "u{run}-{vu}@x.test", "password": "Passw0rd!" }, "expect": 200 },
                  { "name": "login", "method": "POST", "path": "/login", "body": { "email": "u{run}-{vu}@x.test", "password": "Passw0rd!" },
                    "expect": 200, "capture": { "token": "$.accessToken" } } ],
                "steps": [
                  { "name": "create", "method": "POST", "path": "/api/todos", "headers": { "Authorization": "Bearer {token}" },
                    "body": { "title": "t{iter}" }, "expect": 201, "capture": { "id": "$.id" } },
                  { "name": "list", "method": "GET", "path": "/api/todos", "headers": { "Authorization": "Bearer {token}" }, "expect": 200 },
                  { "name": "get", "method": "GET", "path": "/api/todos/{id}", "headers": { "Authorization": "Bearer {token}" },
                    "expect": 200, "check": { "$.title": "t{iter}" }, "failOnCheck": true },
                  { "name": "delete", "method": "DELETE", "path": "/api/todos/{id}", "headers": { "Authorization": "Bearer {token}" }, "expect": 204 } ] } },
              "profiles": { "p": { "executor": "per-vu-iterations", "vus": 16, "iterations": 5, "maxDuration": "2m" } },
              "profile": "p",
              "thresholds": { "http_req_failed": ["rate==0"], "checks": ["rate==1"] }
            }
            """);

        foreach (var run in new[] { 1, 2 })
        {
            var result = await Infrastructure.Engine.RunAsync(config);

            Assert.True(result.Verdict == Verdict.Pass, $"run {run}: {string.Join("; ", result.Thresholds.Select(t => t.Message))}");
            Assert.Equal(16 * 2 + 16 * 5 * 4, result.Count(MetricCatalog.HttpReqs));
            Assert.Equal(32, result.Count(MetricCatalog.HttpReqs, ("phase", "setup")));
            Assert.Equal(0, result.Rate(MetricCatalog.HttpReqFailed).Passes);
        }
    }
}
