using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Modulo.Perf.Engine.Http;
using Modulo.Perf.Engine.Metrics;
using Modulo.Perf.Engine.Reporting;
using Modulo.Perf.Engine.Tests.Infrastructure;

namespace Modulo.Perf.Engine.Tests.Execution;

/// <summary>
/// Beside the plan, what the load actually reached: VUs that began an iteration (<c>vus_reached</c>) and the HTTP
/// connections opened (<c>http_conns_opened</c>) and open at once (<c>http_conns_peak</c>), counted on both transports.
/// </summary>
public class LoadReachedTests
{
    private static readonly Dictionary<string, string> All = new();

    private static double Gauge(MetricRegistry metrics, string metric) => ((GaugeAggregate)metrics.Query(metric, All)).Value;

    // Kestrel ends the connection after a response that says "Connection: close", so every request needs a new one.
    private static Task<LoopbackServer> ClosingServerAsync() => LoopbackServer.StartAsync(app => app.MapGet("/once", (HttpContext context) =>
    {
        context.Response.Headers.Connection = "close";
        return Results.Ok("one");
    }));

    [Fact]
    public async Task Keep_alive_vus_each_open_one_connection_and_hold_it()
    {
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/ok", () => Results.Ok()));
        using var config = new TempConfig($$"""
            {
              "baseUrl": "{{server.BaseUrl}}",
              "scenarios": { "s": { "steps": [ { "method": "GET", "path": "/ok" } ] } },
              "profiles": { "few": { "executor": "per-vu-iterations", "vus": 3, "iterations": 20, "maxDuration": "30s" } },
              "profile": "few"
            }
            """);

        var result = await Infrastructure.Engine.RunAsync(config);

        var metrics = result.Metrics!;
        Assert.Equal(60, ((CounterAggregate)metrics.Query(MetricCatalog.HttpReqs, All)).Count);
        Assert.Equal((3, 3, 3, 3), (Gauge(metrics, MetricCatalog.VusMax), Gauge(metrics, MetricCatalog.VusReached),
            Gauge(metrics, MetricCatalog.HttpConnsOpened), Gauge(metrics, MetricCatalog.HttpConnsPeak)));
    }

    [Fact]
    public async Task Reconnects_count_as_opened_connections_but_not_as_open_at_once_and_the_reports_say_so()
    {
        await using var server = await ClosingServerAsync();
        using var config = new TempConfig($$"""
            {
              "baseUrl": "{{server.BaseUrl}}",
              "scenarios": { "s": { "steps": [ { "method": "GET", "path": "/once" } ] } },
              "profiles": { "few": { "executor": "per-vu-iterations", "vus": 2, "iterations": 5, "maxDuration": "30s" } },
              "profile": "few"
            }
            """);

        var (exitCode, results, output) = await Infrastructure.Engine.RunProcessAsync(config);

        Assert.True(exitCode == 0, output);
        var metrics = results!.RootElement.GetProperty("metrics");
        double Value(string metric) => metrics.GetProperty(metric).GetProperty("value").GetDouble();
        Assert.Equal(10, metrics.GetProperty(MetricCatalog.HttpReqs).GetProperty("count").GetInt64());
        Assert.Equal(0, metrics.GetProperty(MetricCatalog.HttpReqFailed).GetProperty("passes").GetInt64());
        Assert.Equal(2, Value(MetricCatalog.VusReached));
        Assert.Equal(10, Value(MetricCatalog.HttpConnsOpened));
        Assert.InRange(Value(MetricCatalog.HttpConnsPeak), 1, 2);
        var reached = $"reached 2 of 2 VUs, 10 HTTP connections opened (at most {Value(MetricCatalog.HttpConnsPeak)} open at once)";
        Assert.Contains(reached, File.ReadAllText(Path.Combine(config.OutputDirectory, MarkdownReportWriter.FileName)));
        Assert.Contains(reached, output);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Each_transport_counts_the_connections_it_opens_and_closes(bool forceHttpClient)
    {
        await using var server = await ClosingServerAsync();
        var tally = new ConnectionTally();
        var transport = HttpTransportFactory.Create(server.BaseUrl, new HttpTransportOptions { ForceHttpClient = forceHttpClient, Connections = tally });
        await using (transport)
        {
            var request = transport.Prepare("GET", "/once", [], ReadOnlyMemory<byte>.Empty);
            for (var i = 0; i < 4; i++)
            {
                Assert.Equal(200, (await transport.SendAsync(request, CancellationToken.None)).StatusCode);
            }
        }

        Assert.Equal(4, tally.Opened);
        Assert.Equal(1, tally.Peak);
    }
}
