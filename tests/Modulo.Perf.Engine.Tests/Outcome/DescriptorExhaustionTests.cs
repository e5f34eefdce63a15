using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Modulo.Perf.Engine.Outcome;
using Modulo.Perf.Engine.Tests.Infrastructure;

namespace Modulo.Perf.Engine.Tests.Outcome;

/// <summary>
/// Out of file descriptors in the middle of the load (another process's limit lowered with <c>prlimit</c>, as an
/// administrator or a container might): each connection that cannot be opened is a counted failure, the run goes
/// on and ends with an ordinary verdict — never the runtime's abort (exit 134) the engine once died of.
/// </summary>
public class DescriptorExhaustionTests
{
    [Fact]
    public async Task Connections_refused_by_the_descriptor_limit_mid_run_are_counted_failures_not_an_abort()
    {
        var requests = 0;
        // Every response closes its connection, so every request needs a new descriptor.
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/once", (HttpContext context) =>
        {
            Interlocked.Increment(ref requests);
            context.Response.Headers.Connection = "close";
            return Results.Ok("one");
        }));
        using var config = new TempConfig($$"""
            {
              "baseUrl": "{{server.BaseUrl}}",
              "scenarios": { "s": { "steps": [ { "method": "GET", "path": "/once" } ] } },
              "profiles": { "short": { "executor": "constant-vus", "vus": 4, "duration": "4s" } },
              "profile": "short",
              "thresholds": { "http_req_failed": ["rate<0.01"] }
            }
            """);
        using var engine = EngineProcess.Start(config, environment: null);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (Volatile.Read(ref requests) < 20 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }
        Assert.True(Volatile.Read(ref requests) >= 20, "the load never started");

        // No new descriptor for 1.5 s: the limit bounds descriptor numbers, and the runtime's own (stdio, epoll,
        // assemblies) already take the low ones, so with a soft limit of 8 every new socket fails with EMFILE while
        // those already open keep working. Then the limit as it was, so the load recovers and reports can be written.
        var limit = SoftFileLimit(engine.Id);
        SetSoftFileLimit(engine.Id, 8);
        await Task.Delay(1500);
        var beforeRestore = Volatile.Read(ref requests);
        SetSoftFileLimit(engine.Id, limit);
        var (exitCode, results, output) = await engine.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.True(exitCode == ExitCodes.SloViolation, output);
        var root = results!.RootElement;
        Assert.Equal("slo_violation", root.GetProperty("verdict").GetString());
        var failures = root.GetProperty("metrics").GetProperty("http_req_failed").GetProperty("passes").GetInt64();
        Assert.True(failures > 0, output);
        Assert.Equal(failures, root.GetProperty("failures").GetProperty("descriptors").GetInt64());
        Assert.True(Volatile.Read(ref requests) > beforeRestore, "the load did not recover once descriptors were available again");
    }

    private static long SoftFileLimit(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/limits").Single(l => l.StartsWith("Max open files", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[3], System.Globalization.CultureInfo.InvariantCulture);
    }

    private static void SetSoftFileLimit(int pid, long soft)
    {
        using var prlimit = Process.Start(new ProcessStartInfo("prlimit", ["--pid", pid.ToString(System.Globalization.CultureInfo.InvariantCulture), $"--nofile={soft}:"])
        {
            RedirectStandardError = true,
        })!;
        var error = prlimit.StandardError.ReadToEnd();
        Assert.True(prlimit.WaitForExit(10_000), "prlimit did not return");
        Assert.True(prlimit.ExitCode == 0, $"prlimit --pid {pid} --nofile={soft}: failed: {error}");
    }
}
