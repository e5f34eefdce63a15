using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Modulo.Perf.Engine.Metrics;
using Modulo.Perf.Engine.Tests.Infrastructure;

namespace Modulo.Perf.Engine.Tests.Execution;

/// <summary>Arrival-rate executors start iterations on a clock, and latency counts from when they should have started.</summary>
[Collection(TimingSensitive.Name)]
public class OpenModelTests
{
    private static readonly Dictionary<string, string> All = new();

    [Fact]
    public async Task A_one_second_stall_shows_in_p95_under_constant_arrival_rate()
    {
        // Every request that arrives between 4 s and 5 s after the first one is held until 5 s: about 100 of the
        // 1,000 requests wait between 0 and 1,000 ms, so the 95th percentile sits near 500 ms.
        // The stall releases a hundred held responses at once; this test host's thread pool starts at one thread
        // per core and grows by one per half second, which would add its own delay to theirs.
        ThreadPool.GetMinThreads(out var workers, out var completionPorts);
        ThreadPool.SetMinThreads(Math.Max(workers, 64), completionPorts);
        long firstArrival = 0;
        await using var server = await LoopbackServer.StartAsync(app =>
        {
            app.MapGet("/warm", () => Results.Ok());
            app.MapGet("/stall", async () =>
            {
                var now = Stopwatch.GetTimestamp();
                Interlocked.CompareExchange(ref firstArrival, now, 0);
                var sinceFirst = Stopwatch.GetElapsedTime(Interlocked.Read(ref firstArrival), now);
                if (sinceFirst >= TimeSpan.FromSeconds(4) && sinceFirst < TimeSpan.FromSeconds(5))
                {
                    await Task.Delay(TimeSpan.FromSeconds(5) - sinceFirst);
                }
                return Results.Ok();
            });
        });
        string Config(string path, string duration) => $$"""
            {
              "baseUrl": "{{server.BaseUrl}}",
              "scenarios": { "s": { "steps": [ { "method": "GET", "path": "{{path}}", "type": "read" } ] } },
              "profiles": { "open": { "executor": "constant-arrival-rate", "rate": 100, "timeUnit": "1s", "duration": "{{duration}}", "preAllocatedVUs": 20, "maxVUs": 200 } },
              "profile": "open"
            }
            """;
        // The engine runs as the real command, in its own process, as it does for users. The server lives in this
        // test host, whose thread pool and JIT start cold: a warm-up run first, so that the measured run sees the
        // server's stall and not the test host's first second (bench/coordinated-omission.sh shows the same
        // proof against a server in its own process, without warm-up).
        using (var warmUp = new TempConfig(Config("/warm", "2s")))
        {
            await Infrastructure.Engine.RunProcessAsync(warmUp);
        }
        using var config = new TempConfig(Config("/stall", "10s"));

        var (_, results, output) = await Infrastructure.Engine.RunProcessAsync(config);

        var metrics = results!.RootElement.GetProperty("metrics");
        Assert.InRange(metrics.GetProperty("iterations").GetProperty("count").GetInt64(), 980, 1020);
        Assert.Equal(0, metrics.GetProperty("dropped_iterations").GetProperty("count").GetInt64());
        var p95 = metrics.GetProperty("http_req_duration").GetProperty("p(95)").GetDouble();
        // About 505 ms: the held requests, released in one burst that the engine reads one by one (hence the headroom).
        Assert.True(p95 is >= 400 and <= 750, $"p95 {p95} ms\n{output}");
    }

    [Fact]
    public async Task Iterations_beyond_max_vus_are_dropped_and_counted()
    {
        await using var server = await LoopbackServer.StartAsync(app =>
            app.MapGet("/slow", async () => { await Task.Delay(200); return Results.Ok(); }));
        using var config = new TempConfig($$"""
            {
              "baseUrl": "{{server.BaseUrl}}",
              "scenarios": { "s": { "steps": [ { "method": "GET", "path": "/slow" } ] } },
              "profiles": { "open": { "executor": "constant-arrival-rate", "rate": 50, "timeUnit": "1s", "duration": "2s", "preAllocatedVUs": 2, "maxVUs": 2 } },
              "profile": "open"
            }
            """);

        var result = await Infrastructure.Engine.RunAsync(config);

        // Two VUs each finish about 5 iterations a second: roughly 20 of the 100 scheduled run, the rest are dropped.
        var iterations = ((CounterAggregate)result.Metrics!.Query(MetricCatalog.Iterations, All)).Count;
        var dropped = ((CounterAggregate)result.Metrics.Query(MetricCatalog.DroppedIterations, All)).Count;
        Assert.InRange(iterations + dropped, 98, 102);
        Assert.InRange(dropped, 60, 90);
        var report = File.ReadAllText(Path.Combine(config.OutputDirectory, "performance-report.md"));
        Assert.Contains($"⚠️ {dropped:N0} iterations were dropped", report);
    }

    [Fact]
    public async Task Ramping_arrival_rate_schedules_the_integral_of_its_stages()
    {
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/ok", () => Results.Ok()));
        using var config = new TempConfig($$"""
            {
              "baseUrl": "{{server.BaseUrl}}",
              "scenarios": { "s": { "steps": [ { "method": "GET", "path": "/ok" } ] } },
              "profiles": { "ramp": { "executor": "ramping-arrival-rate", "startRate": 0, "timeUnit": "1s", "preAllocatedVUs": 5, "maxVUs": 20,
                                      "stages": [ { "duration": "2s", "target": 100 }, { "duration": "1s", "target": 100 } ] } },
              "profile": "ramp"
            }
            """);

        var result = await Infrastructure.Engine.RunAsync(config);

        // 0 → 100/s over 2 s is 100 iterations, then 100 more in the flat second.
        var iterations = ((CounterAggregate)result.Metrics!.Query(MetricCatalog.Iterations, All)).Count;
        Assert.InRange(iterations, 196, 204);
    }

    [Fact]
    public async Task Vus_max_reports_the_vus_actually_created_not_the_plans_ceiling()
    {
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/ok", () => Results.Ok()));
        using var config = new TempConfig($$"""
            {
              "baseUrl": "{{server.BaseUrl}}",
              "scenarios": { "s": { "steps": [ { "method": "GET", "path": "/ok" } ] } },
              "profiles": { "light": { "executor": "constant-arrival-rate", "rate": 5, "duration": "2s", "preAllocatedVUs": 2, "maxVUs": 500 } },
              "profile": "light"
            }
            """);

        var result = await Infrastructure.Engine.RunAsync(config);

        // Five fast requests a second never need more than a few VUs of the 500 allowed.
        Assert.InRange(((GaugeAggregate)result.Metrics!.Query(MetricCatalog.VusMax, All)).Value, 1, 20);
    }

    [Fact]
    public async Task Ramping_vus_follows_its_stages()
    {
        await using var server = await LoopbackServer.StartAsync(app =>
            app.MapGet("/ok", async () => { await Task.Delay(10); return Results.Ok(); }));
        using var config = new TempConfig($$"""
            {
              "baseUrl": "{{server.BaseUrl}}",
              "scenarios": { "s": { "steps": [ { "method": "GET", "path": "/ok" } ] } },
              "profiles": { "ramp": { "executor": "ramping-vus", "startVUs": 0, "stages": [ { "duration": "1s", "target": 4 }, { "duration": "1s", "target": 4 } ] } },
              "profile": "ramp"
            }
            """);

        var result = await Infrastructure.Engine.RunAsync(config);

        Assert.Equal(4, ((GaugeAggregate)result.Metrics!.Query(MetricCatalog.VusMax, All)).Value);
        // At most 4 VUs × 2 s / 10 ms; the ramp from 0 makes it fewer.
        var iterations = ((CounterAggregate)result.Metrics.Query(MetricCatalog.Iterations, All)).Count;
        Assert.InRange(iterations, 100, 800);
    }
}
