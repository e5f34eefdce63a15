using Modulo.Perf.Engine.Http;
using Modulo.Perf.Engine.Metrics;
using Modulo.Perf.Engine.Tests.Infrastructure;

namespace Modulo.Perf.Engine.Tests.Http;

/// <summary>
/// A reused keep-alive connection that the server dropped: only an idempotent request (RFC 9110 §9.2.2) is sent
/// again, and only when no byte of its response arrived; anything else is a failure the run counts.
/// </summary>
public class RetryRuleTests
{
    private static async Task<(HttpExchange Second, int ServerRequests)> SecondRequestAsync(string method, bool forceHttpClient)
    {
        await using var server = HostileHttpServer.Start(Misbehaviour.DropsTheSecondRequest);
        await using var transport = HttpTransportFactory.Create(server.BaseUrl, new HttpTransportOptions { ForceHttpClient = forceHttpClient });
        var request = transport.Prepare(method, "/", [], method == "GET" ? ReadOnlyMemory<byte>.Empty : "{}"u8.ToArray());

        var first = await transport.SendAsync(request, CancellationToken.None);
        Assert.Equal(200, first.StatusCode);
        var second = await transport.SendAsync(request, CancellationToken.None);
        await Task.Delay(300); // room for a wrong retry to reach the server
        return (second, server.Requests);
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    public async Task An_idempotent_request_is_sent_once_more_on_a_fresh_connection(string method)
    {
        var (second, serverRequests) = await SecondRequestAsync(method, forceHttpClient: false);

        Assert.Equal((HttpFailureCause.None, 200, 1), (second.Failure, second.StatusCode, second.Retries));
        Assert.Equal(3, serverRequests);
    }

    [Theory]
    [InlineData("POST", false)]
    [InlineData("PATCH", false)]
    [InlineData("POST", true)]
    [InlineData("PATCH", true)]
    // On the HttpClient path (https, proxies) SocketsHttpHandler decides about resending; it must keep to the same rule.
    public async Task A_non_idempotent_request_is_never_resent_and_fails_as_reset(string method, bool forceHttpClient)
    {
        var (second, serverRequests) = await SecondRequestAsync(method, forceHttpClient);

        Assert.Equal((HttpFailureCause.Reset, 0, 0), (second.Failure, second.StatusCode, second.Retries));
        Assert.Equal(2, serverRequests);
    }

    [Fact]
    public async Task The_run_counts_retries_in_http_req_retries_and_dropped_posts_as_reset_failures()
    {
        await using var server = HostileHttpServer.Start(Misbehaviour.DropsTheSecondRequest);
        using var config = new TempConfig($$"""
            {
              "baseUrl": "{{server.BaseUrl}}",
              "scenarios": { "s": { "steps": [
                { "name": "read", "method": "GET", "path": "/" },
                { "name": "again", "method": "GET", "path": "/" },
                { "name": "write", "method": "POST", "path": "/", "body": {} }
              ] } },
              "profiles": { "few": { "executor": "per-vu-iterations", "vus": 1, "iterations": 6, "maxDuration": "30s" } },
              "profile": "few"
            }
            """);

        var result = await Infrastructure.Engine.RunAsync(config);

        var metrics = result.Metrics ?? throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Message)));
        var requests = metrics.QueryCounter(MetricCatalog.HttpReqs, new Dictionary<string, string>()).Count;
        var resets = metrics.QueryRate(MetricCatalog.HttpReqFailed, new Dictionary<string, string> { ["cause"] = "reset", ["method"] = "POST" }).Passes;
        var retries = metrics.QueryCounter(MetricCatalog.HttpReqRetries, new Dictionary<string, string> { ["method"] = "GET" }).Count;
        // Each connection answers one request and drops the next. Per iteration: the first GET is answered, the
        // second is dropped and retried on a fresh connection, where the POST comes second and fails, never resent.
        Assert.Equal(18, requests);
        Assert.Equal(6, resets);
        Assert.Equal(6, retries);
        Assert.Equal(requests + retries, server.Requests);
    }
}
