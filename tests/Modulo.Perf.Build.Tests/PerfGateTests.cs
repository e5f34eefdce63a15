using Error = Microsoft.Build.Logging.StructuredLogger.Error;
using Warning = Microsoft.Build.Logging.StructuredLogger.Warning;

namespace Modulo.Perf.Build.Tests;

/// <summary>
/// The gate end to end: the packed package in a consumer's `dotnet build -t:PerfGate`, a real service,
/// the real engine, and assertions on the binlog and on the processes left running.
/// </summary>
[Collection(PackedGateCollection.Name)]
public sealed class PerfGateTests(PackedGateFixture fixture)
{
    private static readonly TimeSpan ProcessExitWait = TimeSpan.FromSeconds(10);

    private ConsumerProject Consumer => fixture.Consumer;

    [Fact]
    public async Task Met_slos_pass_without_perf_diagnostics_and_embed_the_reports()
    {
        var config = Consumer.WriteConfig("perfgate.met.json", "p(95)<1000");

        var run = await GateRun.RunAsync(Consumer, "met", $"-p:PerfGateConfig={config}");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Empty(run.PerfDiagnostics);
        var results = Assert.Single(run.Log.SourceFiles, file => Path.GetFileName(file.FullPath) == "results.json");
        // The task passed the started service's pid: the engine attached to it and recorded its runtime counters.
        using var json = System.Text.Json.JsonDocument.Parse(results.Text);
        var service = json.RootElement.GetProperty("service");
        Assert.False(service.TryGetProperty("problem", out var problem), problem.ToString());
        Assert.True(service.GetProperty("counters").GetProperty("alloc-rate").GetProperty("total").GetDouble() > 0, results.Text);
        Assert.True(json.RootElement.GetProperty("metrics").TryGetProperty("service_cpu_per_request", out _), results.Text);
    }

    [Fact]
    public async Task Violated_slo_is_PERF1001_at_the_threshold_position()
    {
        var config = Consumer.WriteConfig("perfgate.violated.json", "p(95)<5");
        var (line, column) = ConsumerProject.PositionOf(config, "p(95)<5");

        var run = await GateRun.RunAsync(Consumer, "violated",
            $"-p:PerfGateConfig={config}", "-p:PerfGateServiceEnvironment=CONSUMER_READ_DELAY_MS=30");

        Assert.True(run.ExitCode != 0, run.ToString());
        var error = Assert.Single(run.PerfDiagnostics);
        Assert.IsType<Error>(error);
        Assert.Equal("PERF1001", error.Code);
        Assert.Equal(config, error.File);
        Assert.Equal((line, column), (error.LineNumber, error.ColumnNumber));
        Assert.StartsWith("slo_read_latency p(95)<5 failed", error.Text);
    }

    [Fact]
    public async Task Invalid_threshold_is_PERF9002_at_its_position()
    {
        var config = Consumer.WriteConfig("perfgate.invalid.json", "p95<200");
        var (line, column) = ConsumerProject.PositionOf(config, "p95<200");

        var run = await GateRun.RunAsync(Consumer, "invalid", $"-p:PerfGateConfig={config}");

        Assert.True(run.ExitCode != 0, run.ToString());
        var error = Assert.Single(run.PerfDiagnostics);
        Assert.Equal("PERF9002", error.Code);
        Assert.Equal(config, error.File);
        Assert.Equal((line, column), (error.LineNumber, error.ColumnNumber));
    }

    [Fact]
    public async Task Unhealthy_service_is_PERF9005_quoting_its_output_and_is_stopped()
    {
        var config = Consumer.WriteConfig("perfgate.unhealthy.json", "p(95)<1000");

        var run = await GateRun.RunAsync(Consumer, "unhealthy", $"-p:PerfGateConfig={config}",
            "-p:PerfGateServiceEnvironment=CONSUMER_HEALTH_STATUS=503", "-p:PerfGateStartTimeout=5s");

        Assert.True(run.ExitCode != 0, run.ToString());
        var error = Assert.Single(run.PerfDiagnostics);
        Assert.Equal("PERF9005", error.Code);
        Assert.Contains("HTTP 503", error.Text);
        Assert.Contains("consumer-marker: health status 503", error.Text);
        Assert.Empty(await ProcessScan.WaitUntilGoneAsync(fixture.Root, ProcessExitWait));
    }

    [Fact]
    public async Task Cancelling_the_build_stops_the_engine_and_the_service()
    {
        var config = Consumer.WriteConfig("perfgate.long.json", "p(95)<1000");
        var binlog = Path.Combine(Consumer.Directory, "cancelled.binlog");
        using var build = new DotnetCommand(
            GateRun.Arguments(Consumer, binlog, [$"-p:PerfGateConfig={config}", "-p:PerfGateDuration=120s"]),
            Consumer.Directory, GateRun.Environment(Consumer));

        var engine = await WaitForProcessAsync("modulo-perf.dll", build);
        var service = Assert.Single(ProcessScan.WithMarker(fixture.Root, $"{ConsumerProject.Name}.dll"));
        Signals.Interrupt(build.ProcessId);
        var exitCode = await build.WaitAsync(GateRun.BuildTimeout);

        Assert.True(exitCode != 0, build.Output);
        var survivors = await ProcessScan.WaitUntilGoneAsync(fixture.Root, ProcessExitWait);
        Assert.True(survivors.Count == 0,
            $"left running after cancellation (engine was {engine.Pid}, service {service.Pid}): {string.Join("; ", survivors)}");
    }

    /// <summary>
    /// A compose file whose service cannot be built fails `docker compose up` on every machine: without
    /// docker, without the compose plugin, without a daemon, or with all of them.
    /// </summary>
    [Fact]
    public async Task Failed_compose_up_is_PERF9008()
    {
        var config = Consumer.WriteConfig("perfgate.compose.json", "p(95)<1000");
        var composeFile = Path.Combine(Consumer.Directory, "compose.broken.yml");
        File.WriteAllText(composeFile, """
            services:
              api:
                build: ./no-such-build-context
            """);

        var run = await GateRun.RunAsync(Consumer, "compose", $"-p:PerfGateConfig={config}",
            $"-p:PerfGateComposeFile={composeFile}", "-p:PerfGateServicePort=8080");

        Assert.True(run.ExitCode != 0, run.ToString());
        Assert.Equal("PERF9008", Assert.Single(run.PerfDiagnostics).Code);
    }

    /// <summary>
    /// Compose mode for real: the consumer, published and packed into an image FROM the local base, brought up
    /// with `docker compose up -d --build`, loaded, and brought down again whatever the outcome.
    /// </summary>
    [DockerFact]
    public async Task Compose_mode_builds_starts_gates_and_downs_the_service()
    {
        var config = Consumer.WriteConfig("perfgate.compose-up.json", "p(95)<1000");
        var context = Directory.CreateDirectory(Path.Combine(fixture.Root, "compose")).FullName;
        using (var publish = new DotnetCommand(["publish", Consumer.ProjectFile, "-c", "Release", "-o", Path.Combine(context, "app")],
            Consumer.Directory, GateRun.Environment(Consumer)))
        {
            var published = await publish.WaitAsync(GateRun.BuildTimeout);
            Assert.True(published == 0, publish.Output);
        }
        File.WriteAllText(Path.Combine(context, "Dockerfile"), $"""
            FROM {DockerFactAttribute.BaseImage}
            COPY app/ /app/
            ENV ASPNETCORE_URLS=http://0.0.0.0:8080
            ENTRYPOINT ["dotnet", "/app/{ConsumerProject.Name}.dll"]
            """);
        var port = FreeLoopbackPort();
        var composeFile = Path.Combine(context, "compose.yml");
        File.WriteAllText(composeFile, $"""
            services:
              api:
                build: .
                init: true
                ports:
                  - "127.0.0.1:{port}:8080"
            """);

        var run = await GateRun.RunAsync(Consumer, "compose-up", $"-p:PerfGateConfig={config}",
            $"-p:PerfGateComposeFile={composeFile}", $"-p:PerfGateServicePort={port}");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Empty(run.PerfDiagnostics);
        Assert.Contains(run.Log.SourceFiles, file => file.FullPath.EndsWith("results.json", StringComparison.Ordinal));
        Assert.False(ComposeHasContainers(composeFile), "docker compose down did not remove the service");
        Assert.Contains("runtime counters (service_* metrics) are not recorded: the service runs in a container", run.Output);
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static bool ComposeHasContainers(string composeFile)
    {
        using var ps = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("docker", ["compose", "-f", composeFile, "ps", "-q"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var output = ps.StandardOutput.ReadToEnd();
        ps.WaitForExit();
        return output.Trim().Length > 0;
    }

    // Enough VUs that a 3 s run at 40 ms per request has the samples a comparison needs (minSamples, 100).
    private const string RegressionVus = "-p:PerfGateVus=4";

    /// <summary>A 40 ms slower read path than the recorded baseline is a latency regression (PERF2001).</summary>
    [Theory]
    [InlineData("", "warning")]
    [InlineData("-p:WarningsAsErrors=PERF2001", "error")]
    [InlineData("-p:NoWarn=PERF2001", "none")]
    [InlineData("-warnaserror", "error")]
    public async Task Latency_regression_is_PERF2001_steered_by_the_standard_controls(string control, string expected)
    {
        var config = Consumer.WriteConfig("perfgate.regression.json", "p(95)<5000");
        var baseline = Path.Combine(Consumer.Directory, "perf-baseline.json");
        await RecordBaselineAsync(config, baseline);

        string[] arguments = [$"-p:PerfGateConfig={config}", $"-p:PerfGateBaseline={baseline}", RegressionVus,
            "-p:PerfGateServiceEnvironment=CONSUMER_READ_DELAY_MS=40", .. control.Length > 0 ? [control] : Array.Empty<string>()];
        var run = await GateRun.RunAsync(Consumer, $"regression-{expected}-{control.Length}", arguments);

        var latency = run.PerfDiagnostics.Where(d => d.Code == "PERF2001").ToList();
        switch (expected)
        {
            case "warning":
                Assert.True(run.ExitCode == 0, run.ToString());
                Assert.IsType<Warning>(Assert.Single(latency));
                Assert.Equal(baseline, latency[0].File);
                break;
            case "error":
                Assert.True(run.ExitCode != 0, run.ToString());
                Assert.IsType<Error>(Assert.Single(latency));
                break;
            default:
                Assert.True(run.ExitCode == 0, run.ToString());
                Assert.Empty(latency);
                break;
        }
    }

    /// <summary>64 KB more allocated per read, the same latency: the service's own counters catch it (PERF2004).</summary>
    [Fact]
    public async Task Allocation_regression_from_the_service_counters_is_PERF2004()
    {
        var config = Consumer.WriteConfig("perfgate.regression.json", "p(95)<5000");
        var baseline = Path.Combine(Consumer.Directory, "perf-baseline.json");
        await RecordBaselineAsync(config, baseline);

        var run = await GateRun.RunAsync(Consumer, "allocation-regression", $"-p:PerfGateConfig={config}", $"-p:PerfGateBaseline={baseline}",
            RegressionVus, "-p:PerfGateServiceEnvironment=CONSUMER_READ_ALLOC_BYTES=65536", "-p:PerfGateServiceMeters=true");

        Assert.True(run.ExitCode == 0, run.ToString());
        var allocation = Assert.IsType<Warning>(Assert.Single(run.PerfDiagnostics, d => d.Code == "PERF2004"));
        Assert.Equal(baseline, allocation.File);
        Assert.Contains("alloc_per_request", allocation.Text);
        // PerfGateServiceMeters added ASP.NET Core's meters: the server's own request duration.
        var results = Assert.Single(run.Log.SourceFiles, file => Path.GetFileName(file.FullPath) == "results.json");
        Assert.Contains("\"service_request_duration\"", results.Text);
    }

    private async Task RecordBaselineAsync(string config, string baseline)
    {
        await fixture.BaselineLock.WaitAsync();
        try
        {
            if (fixture.BaselineRecorded)
            {
                return;
            }
            var run = await GateRun.RunAsync(Consumer, "baseline",
                $"-p:PerfGateConfig={config}", $"-p:PerfGateBaseline={baseline}", RegressionVus, "-p:PerfGateUpdateBaseline=true");
            Assert.True(run.ExitCode == 0 && File.Exists(baseline), run.ToString());
            fixture.BaselineRecorded = true;
        }
        finally
        {
            fixture.BaselineLock.Release();
        }
    }

    /// <summary>Waits until the build has started a process with <paramref name="marker"/> in its command line.</summary>
    private async Task<ProcessScan.Match> WaitForProcessAsync(string marker, DotnetCommand build)
    {
        var deadline = DateTime.UtcNow + GateRun.BuildTimeout;
        while (DateTime.UtcNow < deadline)
        {
            if (ProcessScan.WithMarker(fixture.Root, marker).FirstOrDefault() is { } match)
            {
                return match;
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"no process with '{marker}' appeared. Build output:\n{build.Output}");
    }
}
