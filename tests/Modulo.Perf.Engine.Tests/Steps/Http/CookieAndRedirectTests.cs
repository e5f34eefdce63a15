using Modulo.Perf.Engine.Http;
using Modulo.Perf.Engine.Metrics;
using Modulo.Perf.Engine.Outcome;
using Modulo.Perf.Engine.Scenarios;
using Modulo.Perf.Engine.Steps;
using Modulo.Perf.Engine.Steps.Http;
using Modulo.Perf.Engine.Tests.Infrastructure;

namespace Modulo.Perf.Engine.Tests.Steps.Http;

/// <summary>
/// Each VU keeps its own cookies, as a browser does, on both transports, so a cookie-authenticated app works under
/// load; redirects are followed and every hop is measured under the step's name.
/// </summary>
public class CookieAndRedirectTests
{
    private static readonly Dictionary<string, string> All = new();

    private static string Config(Uri baseUrl, string scenarioOptions = "", string loginOptions = "") => $$"""
        {
          "baseUrl": "{{baseUrl}}",
          "scenarios": { "member": { {{scenarioOptions}} "steps": [
            { "name": "login", "method": "POST", "path": "/login", "type": "write" {{loginOptions}} },
            { "name": "me", "method": "GET", "path": "/me", "type": "read", "expect": [200] } ] } },
          "profiles": { "short": { "executor": "constant-vus", "vus": 4, "duration": "2s" } },
          "profile": "short",
          "thresholds": { "slo_error_rate": ["rate<0.001"] }
        }
        """;

    private static long Requests(RunResult result, string step, string status) =>
        result.Metrics!.QueryCounter(MetricCatalog.HttpReqs, new Dictionary<string, string> { ["name"] = step, ["status"] = status }).Count;

    [Fact]
    public async Task A_cookie_login_app_works_under_4_VUs_with_one_session_per_VU()
    {
        await using var app = await CookieLoginApp.StartAsync();
        using var config = new TempConfig(Config(app.BaseUrl));

        var result = await Infrastructure.Engine.RunAsync(config);

        Assert.Equal(Verdict.Pass, result.Verdict);
        Assert.Equal(0, result.Metrics!.QueryRate(MetricCatalog.HttpReqFailed, All).Passes);
        // Every VU logged in once and stayed logged in over its iterations; no VU used another's session.
        Assert.Equal(4, app.SessionsOpened);
        Assert.Equal(4, app.VisitsBySession.Count);
        // The login's redirect to /me is followed: two requests per login, both under the step's name.
        var logins = Requests(result, "login", "302");
        Assert.True(logins > 8, $"{logins} logins");
        Assert.Equal(logins, Requests(result, "login", "200"));
        Assert.Equal(app.VisitsBySession.Values.Sum(), logins + Requests(result, "me", "200"));
    }

    [Fact]
    public async Task Without_cookies_every_request_is_anonymous()
    {
        await using var app = await CookieLoginApp.StartAsync();
        using var config = new TempConfig(Config(app.BaseUrl, scenarioOptions: "\"cookies\": false,"));

        var result = await Infrastructure.Engine.RunAsync(config);

        Assert.Equal(Verdict.SloViolation, result.Verdict);
        Assert.Equal(Requests(result, "login", "302"), app.SessionsOpened);
        Assert.Equal(0, Requests(result, "me", "200"));
        Assert.True(Requests(result, "me", "401") > 0);
    }

    [Fact]
    public async Task followRedirects_0_and_an_expected_3xx_make_the_redirect_the_answer()
    {
        await using var app = await CookieLoginApp.StartAsync();
        using var unfollowed = new TempConfig(Config(app.BaseUrl, loginOptions: ", \"followRedirects\": 0"));
        using var expected = new TempConfig(Config(app.BaseUrl, loginOptions: ", \"expect\": [302]"));

        foreach (var config in new[] { unfollowed, expected })
        {
            var result = await Infrastructure.Engine.RunAsync(config);

            Assert.Equal(Verdict.Pass, result.Verdict);
            Assert.True(Requests(result, "login", "302") > 0);
            Assert.Equal(0, Requests(result, "login", "200"));
        }
    }

    /// <summary>The same VU-level behaviour on the lean HTTP/1.1 path and on HttpClient (https, proxies).</summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Each_VU_has_its_own_cookie_jar_on_either_transport(bool forceHttpClient)
    {
        await using var app = await CookieLoginApp.StartAsync();
        var registry = new MetricRegistry();
        var target = new StepTarget(app.BaseUrl, "/ws");
        var login = new HttpStepRunner(0, "member", new HttpStepDefinition { Name = "login", Method = "POST", Path = "/login" }, target, registry);
        var me = new HttpStepRunner(1, "member", new HttpStepDefinition { Name = "me", Method = "GET", Path = "/me", Expect = [200] }, target, registry);
        var options = new HttpTransportOptions { ForceHttpClient = forceHttpClient };

        for (var id = 0; id < 2; id++)
        {
            await using var vu = new VirtualUser(id, _ => HttpTransportFactory.Create(app.BaseUrl, options), 2, new RunVariables([]));
            // Before the login: anonymous, 401.
            await me.RunAsync(vu, CancellationToken.None);
            for (var iteration = 0; iteration < 3; iteration++)
            {
                await login.RunAsync(vu, CancellationToken.None);
                await me.RunAsync(vu, CancellationToken.None);
            }
        }
        registry.Collect();

        Assert.Equal(2, app.SessionsOpened);
        // Per VU: three logins, each followed to /me, and three requests of its own to /me, all in its one session.
        Assert.Equal([6, 6], app.VisitsBySession.Values.Order());
        Assert.Equal(2, registry.QueryCounter(MetricCatalog.HttpReqs, new Dictionary<string, string> { ["name"] = "me", ["status"] = "401" }).Count);
    }
}
