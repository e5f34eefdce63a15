using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Modulo.Perf.Engine.Outcome;
using Modulo.Perf.Engine.Reporting;
using Modulo.Perf.Engine.Tests.Http;
using Modulo.Perf.Engine.Tests.Infrastructure;

namespace Modulo.Perf.Engine.Tests.Outcome;

/// <summary>Ctrl+C and SIGTERM during the load: an interrupted verdict with the shell's exit code, and no baseline touched.</summary>
public class InterruptTests
{
    private const int SigInt = 2;
    private const int SigTerm = 15;

    [Theory]
    [InlineData(SigInt, ExitCodes.Interrupted, "SIGINT")]
    [InlineData(SigTerm, ExitCodes.Terminated, "SIGTERM")]
    public async Task A_signal_during_the_load_reports_the_partial_run_as_interrupted_and_leaves_the_baseline_alone(int signal, int exitCode, string name)
    {
        var requests = 0;
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/ping", () =>
        {
            Interlocked.Increment(ref requests);
            return Results.Ok("pong");
        }));
        using var config = new TempConfig($$"""
            {
              "baseUrl": "{{server.BaseUrl}}",
              "scenarios": { "ping": { "steps": [ { "method": "GET", "path": "/ping" } ] } },
              "profiles": { "long": { "executor": "constant-vus", "vus": 2, "duration": "60s" } },
              "profile": "long",
              "thresholds": { "http_req_duration": ["p(95)<60000"] }
            }
            """);
        var baseline = Path.Combine(config.Directory, "baseline.json");
        using var engine = EngineProcess.Start(config, environment: null, "--baseline", baseline, "--update-baseline");
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (Volatile.Read(ref requests) < 20 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }
        Assert.True(Volatile.Read(ref requests) >= 20, "the load never started");

        engine.Signal(signal);
        var (actualExitCode, results, output) = await engine.WaitAsync(TimeSpan.FromSeconds(45));

        Assert.True(actualExitCode == exitCode, output);
        var root = results!.RootElement;
        Assert.Equal("interrupted", root.GetProperty("verdict").GetString());
        Assert.True(root.GetProperty("interrupted").GetBoolean());
        Assert.Equal(exitCode, root.GetProperty("exitCode").GetInt32());
        Assert.Contains($"interrupted by {name}", root.GetProperty("errors")[0].GetProperty("message").GetString());
        Assert.True(root.GetProperty("metrics").GetProperty("http_reqs").GetProperty("count").GetInt64() > 0);
        Assert.True(root.GetProperty("run").GetProperty("durationSeconds").GetDouble() < 50);
        Assert.Contains("interrupted", File.ReadAllText(Path.Combine(config.OutputDirectory, MarkdownReportWriter.FileName)));
        Assert.Contains("interrupted", File.ReadAllText(Path.Combine(config.OutputDirectory, HtmlReportWriter.FileName)));
        Assert.Contains("interrupted", File.ReadAllText(Path.Combine(config.OutputDirectory, JUnitReportWriter.FileName)));
        Assert.DoesNotContain("No performance issues", output);
        Assert.False(File.Exists(baseline), "an interrupted run must never be recorded in the baseline");
    }

    [Fact]
    public async Task A_second_signal_exits_at_once_with_the_first_signals_code()
    {
        // Every request is read and never answered: the VUs are all mid-request when the signals come.
        await using var server = RawHttpServer.Start(async (connection, stop) =>
        {
            await connection.ReadRequestAsync(stop);
            await Task.Delay(Timeout.Infinite, stop);
        });
        using var config = new TempConfig($$"""
            {
              "baseUrl": "{{server.BaseUrl}}",
              "scenarios": { "stall": { "steps": [ { "method": "GET", "path": "/" } ] } },
              "profiles": { "long": { "executor": "constant-vus", "vus": 4, "duration": "60s" } },
              "profile": "long",
              "requestTimeout": "60s"
            }
            """);
        using var engine = EngineProcess.Start(config, environment: null);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (server.Requests < 4 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }
        Assert.True(server.Requests >= 4, "the load never started");

        // Back to back, as an impatient user or a CI runner escalating: the second lands while the first is still
        // winding the run down. Two different signals, so the kernel cannot merge them into one; it may hand them
        // over in either order, and the one handled first decides the code.
        engine.Signal(SigInt);
        engine.Signal(SigTerm);
        var waited = System.Diagnostics.Stopwatch.StartNew();
        var (exitCode, _, output) = await engine.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(waited.Elapsed < TimeSpan.FromSeconds(10), $"took {waited.Elapsed} to exit");
        var (first, second, code) = output.Contains("SIGINT: stopping the run")
            ? ("SIGINT", "SIGTERM", ExitCodes.Interrupted)
            : ("SIGTERM", "SIGINT", ExitCodes.Terminated);
        Assert.Contains($"{first}: stopping the run", output);
        Assert.Contains($"{second} again: exiting at once", output);
        Assert.True(exitCode == code, output);
    }

    [Fact]
    public async Task A_signal_during_compare_reports_it_interrupted_and_judges_no_rounds()
    {
        var requests = 0;
        IResult Pong()
        {
            Interlocked.Increment(ref requests);
            return Results.Ok("pong");
        }
        await using var baseServer = await LoopbackServer.StartAsync(app => app.MapGet("/ping", Pong));
        await using var headServer = await LoopbackServer.StartAsync(app => app.MapGet("/ping", Pong));
        using var config = new TempConfig("""
            {
              "scenarios": { "ping": { "steps": [ { "method": "GET", "path": "/ping" } ] } },
              "profiles": { "steady": { "executor": "constant-vus", "vus": 2, "duration": "60s" } },
              "profile": "steady"
            }
            """);
        using var engine = new EngineProcess(Infrastructure.Engine.Start(
            ["compare", "--config", config.Path, "--out", config.OutputDirectory, "--base", baseServer.BaseUrl.ToString(),
             "--head", headServer.BaseUrl.ToString(), "--rounds", "8", "--round-duration", "2s"]), config.OutputDirectory);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (Volatile.Read(ref requests) < 20 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }
        Assert.True(Volatile.Read(ref requests) >= 20, "the rounds never started");

        engine.Signal(SigInt);
        var (exitCode, results, output) = await engine.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(exitCode == ExitCodes.Interrupted, output);
        var root = results!.RootElement;
        Assert.Equal("interrupted", root.GetProperty("verdict").GetString());
        Assert.True(root.GetProperty("interrupted").GetBoolean());
        Assert.Equal(ExitCodes.Interrupted, root.GetProperty("exitCode").GetInt32());
        Assert.Contains("interrupted by SIGINT", root.GetProperty("errors")[0].GetProperty("message").GetString());
        Assert.Equal(0, root.GetProperty("thresholds").GetArrayLength());
        Assert.Equal(0, root.GetProperty("regressions").GetArrayLength());
        Assert.DoesNotContain("No performance issues", output);
    }

    [Fact]
    public async Task A_signal_while_merge_waits_for_partials_reports_it_interrupted_and_leaves_the_baseline_alone()
    {
        using var config = new TempConfig("""{ "scenarios": { "s": { "steps": [ { "method": "GET", "path": "/" } ] } } }""");
        var baseline = Path.Combine(config.Directory, "baseline.json");
        string[] segments = [Path.Combine(config.Directory, "segment-1"), Path.Combine(config.Directory, "segment-2")];
        using var engine = new EngineProcess(Infrastructure.Engine.Start(
            ["merge", .. segments, "--config", config.Path, "--out", config.OutputDirectory, "--baseline", baseline, "--update-baseline",
             "--wait-until", DateTimeOffset.UtcNow.AddMinutes(5).ToString("O")]), config.OutputDirectory);
        // Merge has started waiting once it created nothing yet and still runs; the wait polls once a second.
        await Task.Delay(TimeSpan.FromSeconds(2));

        engine.Signal(SigTerm);
        var (exitCode, results, output) = await engine.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(exitCode == ExitCodes.Terminated, output);
        var root = results!.RootElement;
        Assert.Equal("interrupted", root.GetProperty("verdict").GetString());
        Assert.Equal(ExitCodes.Terminated, root.GetProperty("exitCode").GetInt32());
        Assert.Contains("interrupted by SIGTERM before the partial results were merged", root.GetProperty("errors")[0].GetProperty("message").GetString());
        Assert.Contains("waiting until", output);
        Assert.False(File.Exists(baseline), "an interrupted merge must never write the baseline");
    }

    [Fact]
    public async Task A_signal_during_the_target_probe_ends_the_run_at_once_as_interrupted()
    {
        // A listener that never accepts, its backlog filled: the probe's connection attempt hangs (for up to 5 s).
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(0);
        var port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        var fillers = new List<Socket>();
        try
        {
            for (var i = 0; i < 16; i++)
            {
                var filler = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                fillers.Add(filler);
                using var attempt = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
                try
                {
                    await filler.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), attempt.Token);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
            using var config = new TempConfig($$"""
                { "baseUrl": "http://127.0.0.1:{{port}}", "scenarios": { "s": { "steps": [ { "method": "GET", "path": "/" } ] } } }
                """);
            using var engine = EngineProcess.Start(config, environment: null);
            await Task.Delay(TimeSpan.FromSeconds(2.5));

            engine.Signal(SigInt);
            var (exitCode, results, output) = await engine.WaitAsync(TimeSpan.FromSeconds(30));

            Assert.True(exitCode == ExitCodes.Interrupted, output);
            Assert.Equal("interrupted", results!.RootElement.GetProperty("verdict").GetString());
            Assert.Contains("interrupted by SIGINT before the load started", results.RootElement.GetProperty("errors")[0].GetProperty("message").GetString());
            Assert.DoesNotContain("could not be reached", output);
        }
        finally
        {
            fillers.ForEach(filler => filler.Dispose());
        }
    }
}
