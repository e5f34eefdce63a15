using System.Text.Json;
using Error = Microsoft.Build.Logging.StructuredLogger.Error;
using Message = Microsoft.Build.Logging.StructuredLogger.Message;
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
    public async Task Violated_error_rate_is_PERF1001_ending_with_the_step_and_status_that_failed_most()
    {
        var config = Consumer.WriteConfig("perfgate.errors.json", "rate<0.01", metric: "slo_error_rate");

        var run = await GateRun.RunAsync(Consumer, "errors",
            $"-p:PerfGateConfig={config}", "-p:PerfGateServiceEnvironment=CONSUMER_READ_STATUS=500");

        Assert.True(run.ExitCode != 0, run.ToString());
        var error = Assert.Single(run.PerfDiagnostics);
        Assert.Equal("PERF1001", error.Code);
        Assert.Matches(@"^slo_error_rate rate<0\.01 failed: .*; most failures: list items → 500 \(\d+\)$", error.Text);
    }

    [Fact]
    public async Task Missing_config_is_PERF9001_saying_how_to_start_one_from_OpenAPI()
    {
        var config = Path.Combine(Consumer.Directory, "no-such-perfgate.json");

        var run = await GateRun.RunAsync(Consumer, "missing", $"-p:PerfGateConfig={config}");

        Assert.True(run.ExitCode != 0, run.ToString());
        var error = Assert.Single(run.PerfDiagnostics);
        Assert.Equal("PERF9001", error.Code);
        Assert.Contains($"{PackedGateFixture.EngineFileName}\" init --from-openapi http://127.0.0.1:5000/openapi/v1.json --output \"{config}\"", error.Text);
        Assert.False(File.Exists(config));
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
    public async Task Every_config_error_is_a_PERF9002_before_anything_is_built_or_started()
    {
        var config = Consumer.WriteConfig("perfgate.two-errors.json", "p95<200");
        File.WriteAllText(config, File.ReadAllText(config).Replace("\"GET\"", "\"FETCH\"", StringComparison.Ordinal));

        var run = await GateRun.RunAsync(Consumer, "two-errors", $"-p:PerfGateConfig={config}");

        Assert.True(run.ExitCode != 0, run.ToString());
        Assert.Equal(
            [ConsumerProject.PositionOf(config, "FETCH"), ConsumerProject.PositionOf(config, "p95<200")],
            run.PerfDiagnostics.Select(d => (d.LineNumber, d.ColumnNumber)));
        Assert.All(run.PerfDiagnostics, d => Assert.Equal("PERF9002", d.Code));
        Assert.DoesNotContain("Consumer -> ", run.Output);
        Assert.DoesNotContain("starting the service", run.Output);
    }

    /// <summary>
    /// Validation is incremental: a re-run with the same config and properties starts no validating engine, and an
    /// edit to the config validates it again before anything is built.
    /// </summary>
    [Fact]
    public async Task An_unchanged_config_is_validated_once_and_an_edited_one_again_before_the_build()
    {
        var config = Consumer.WriteConfig("perfgate.incremental.json", "p(95)<1000");

        var first = await GateRun.RunAsync(Consumer, "incremental-1", $"-p:PerfGateConfig={config}", "-p:PerfGateDuration=1s");
        var second = await GateRun.RunAsync(Consumer, "incremental-2", $"-p:PerfGateConfig={config}", "-p:PerfGateDuration=1s");
        File.WriteAllText(config, File.ReadAllText(config).Replace("p(95)<1000", "p95<1000", StringComparison.Ordinal));
        var edited = await GateRun.RunAsync(Consumer, "incremental-3", $"-p:PerfGateConfig={config}", "-p:PerfGateDuration=1s");

        Assert.True(first.ExitCode == 0 && second.ExitCode == 0, $"{first}\n{second}");
        Assert.Single(ValidationTasks(first));
        // MSBuild's own reason (an input newer than the stamp, or missing) when it validated again.
        Assert.True(ValidationTasks(second).Count == 0, "validated again: " + string.Join("; ",
            second.Log.FindChildrenRecursive<Microsoft.Build.Logging.StructuredLogger.Message>(m => m.Text.StartsWith("Input file", StringComparison.Ordinal)).Select(m => m.Text)));
        Assert.Single(ValidationTasks(edited));
        Assert.Equal("PERF9002", Assert.Single(edited.PerfDiagnostics).Code);
        Assert.DoesNotContain("starting the head service", edited.Output);
    }

    private static IReadOnlyList<Microsoft.Build.Logging.StructuredLogger.Task> ValidationTasks(GateRun run) =>
        run.Log.FindChildrenRecursive<Microsoft.Build.Logging.StructuredLogger.Task>(t => t.Name == "ValidatePerfGate");

    [Fact]
    public async Task Unhealthy_service_is_PERF9005_quoting_its_output_and_is_stopped()
    {
        var config = Consumer.WriteConfig("perfgate.unhealthy.json", "p(95)<1000");
        var reports = Path.Combine(Consumer.Directory, "unhealthy-results");

        var run = await GateRun.RunAsync(Consumer, "unhealthy", $"-p:PerfGateConfig={config}", $"-p:PerfGateReportDir={reports}",
            "-p:PerfGateServiceEnvironment=CONSUMER_HEALTH_STATUS=503", "-p:PerfGateStartTimeout=5s");

        Assert.True(run.ExitCode != 0, run.ToString());
        var error = Assert.Single(run.PerfDiagnostics);
        Assert.Equal("PERF9005", error.Code);
        Assert.Contains("HTTP 503", error.Text);
        Assert.Contains("consumer-marker: health status 503", error.Text);
        Assert.Empty(await ProcessScan.WaitUntilGoneAsync(fixture.Root, ProcessExitWait));
        Assert.False(Directory.Exists(reports), "no empty report directory is left behind");
    }

    /// <summary>
    /// A listening app without the health path (as with Aspire's Development-only health endpoints) fails at
    /// once instead of after PerfGateStartTimeout, and says which property to set.
    /// </summary>
    [Fact]
    public async Task Unmapped_health_path_is_PERF9012_within_seconds_and_the_service_is_stopped()
    {
        var config = Consumer.WriteConfig("perfgate.unmapped.json", "p(95)<1000");

        var run = await GateRun.RunAsync(Consumer, "unmapped", $"-p:PerfGateConfig={config}", "-p:PerfGateHealthPath=/not-mapped");

        Assert.True(run.ExitCode != 0, run.ToString());
        var error = Assert.Single(run.PerfDiagnostics);
        Assert.Equal("PERF9012", error.Code);
        Assert.Contains("/not-mapped answers HTTP 404", error.Text);
        Assert.Contains("PerfGateHealthPath", error.Text);
        Assert.Contains("MapDefaultEndpoints", error.Text);
        var task = Assert.Single(run.Log.FindChildrenRecursive<Microsoft.Build.Logging.StructuredLogger.Task>(t => t.Name == "RunPerfGate"));
        // The start timeout is 60 s; the service's own start-up and stop, and the 2 s grace for a path not yet mapped,
        // are part of these 20 s (about 3 s on a quiet machine).
        Assert.True(task.Duration < TimeSpan.FromSeconds(20), $"the gate took {task.Duration} to give up on the path. {run}");
        Assert.Empty(await ProcessScan.WaitUntilGoneAsync(fixture.Root, ProcessExitWait));
    }

    [Fact]
    public async Task The_gate_starts_the_Release_build_whatever_the_surrounding_configuration()
    {
        var config = Consumer.WriteConfig("perfgate.release.json", "p(95)<1000");

        var run = await GateRun.RunAsync(Consumer, "release", $"-p:PerfGateConfig={config}");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Empty(run.PerfDiagnostics);
        Assert.Contains(Path.Combine("bin", "Release", "net10.0", $"{ConsumerProject.Name}.dll"), StartedAssembly(run));
    }

    [Fact]
    public async Task An_explicit_Debug_configuration_is_measured_with_warning_PERF2101()
    {
        var config = Consumer.WriteConfig("perfgate.debug.json", "p(95)<1000");

        var run = await GateRun.RunAsync(Consumer, "debug", $"-p:PerfGateConfig={config}", "-p:PerfGateConfiguration=Debug");

        Assert.True(run.ExitCode == 0, run.ToString());
        var warning = Assert.Single(run.PerfDiagnostics);
        Assert.IsType<Warning>(warning);
        Assert.Equal("PERF2101", warning.Code);
        Assert.Contains("measuring a Debug build", warning.Text);
        Assert.Contains(Path.Combine("bin", "Debug", "net10.0", $"{ConsumerProject.Name}.dll"), StartedAssembly(run));
    }

    /// <summary>The gate's "starting ... on port" message, which names the app it started.</summary>
    private static string StartedAssembly(GateRun run)
    {
        var message = run.Log.FindChildrenRecursive<Microsoft.Build.Logging.StructuredLogger.Message>(
            m => m.Text.StartsWith("PerfGate: starting ", StringComparison.Ordinal)).FirstOrDefault();
        Assert.True(message is not null, $"the gate did not say what it started. {run}");
        return message!.Text;
    }

    /// <summary>
    /// Ctrl+C (SIGINT) cancels the build through MSBuild, the task being an ICancelableTask. SIGTERM, what CI runners
    /// and `kill` send, the dotnet command answers with its process's exit (code 0), not with a cancelled build: the
    /// gate stops what it started before that exit completes. Either way the engine, stopped by the gate, writes its
    /// partial results marked interrupted, and nothing is left running. Those results are the evidence of an orderly
    /// stop: the build's last lines may not reach the console before a SIGTERM's exit.
    /// </summary>
    [Theory]
    [InlineData("SIGINT")]
    [InlineData("SIGTERM")]
    public async Task Signalling_the_build_stops_the_engine_and_the_service(string signal)
    {
        using var build = StartLongGate($"signalled-{signal}", out _);

        // The load engine ("modulo-perf run"), not the short validation that runs before the build.
        var engine = await WaitForProcessAsync(PackedGateFixture.EngineCommandMarker("run"), build);
        var service = Assert.Single(ProcessScan.WithMarker(fixture.Root, $"{ConsumerProject.Name}.dll"));
        // Mid-load: an engine signalled while it starts may not handle signals yet, and then writes no results.
        await WaitForProgressLineAsync(build);
        if (signal == "SIGINT")
        {
            Signals.Interrupt(build.ProcessId);
        }
        else
        {
            Signals.Terminate(build.ProcessId);
        }
        var exitCode = await build.WaitAsync(GateRun.BuildTimeout);

        Assert.True(signal == "SIGTERM" || exitCode != 0, build.Output);
        using var results = JsonDocument.Parse(File.ReadAllText(Path.Combine(Consumer.Directory, "perf-results", "results.json")));
        Assert.Equal("interrupted", results.RootElement.GetProperty("verdict").GetString());
        var survivors = await ProcessScan.WaitUntilGoneAsync(fixture.Root, ProcessExitWait);
        Assert.True(survivors.Count == 0,
            $"left running after {signal} to the build (engine was {engine.Pid}, service {service.Pid}): {string.Join("; ", survivors)}");
    }

    [Fact]
    public async Task An_engine_stopped_by_SIGTERM_is_PERF9011_and_the_service_is_stopped()
    {
        using var build = StartLongGate("terminated", out var binlog);

        // The load engine, not the short validation that runs before the build.
        var engine = await WaitForProcessAsync(PackedGateFixture.EngineCommandMarker("run"), build);
        await WaitForProgressLineAsync(build);
        Signals.Terminate(engine.Pid);
        var run = GateRun.Read(await build.WaitAsync(GateRun.BuildTimeout), build.Output, binlog);

        Assert.True(run.ExitCode != 0, run.ToString());
        var error = Assert.Single(run.PerfDiagnostics);
        Assert.Equal("PERF9011", error.Code);
        Assert.Contains("interrupted by SIGTERM", error.Text);
        Assert.Empty(await ProcessScan.WaitUntilGoneAsync(fixture.Root, ProcessExitWait));
    }

    /// <summary>
    /// An engine that fails in a way none of its own checks names (here: it cannot write its reports, since not even
    /// root may create a directory in /proc) exits 5 with no results.json; the task makes that PERF9010 with the
    /// engine's last output, and the service is stopped.
    /// </summary>
    [Fact]
    public async Task An_engine_internal_error_is_PERF9010_with_its_output_and_the_service_is_stopped()
    {
        var config = Consumer.WriteConfig("perfgate.internal.json", "p(95)<1000");

        var run = await GateRun.RunAsync(Consumer, "internal", $"-p:PerfGateConfig={config}", "-p:PerfGateReportDir=/proc/modulo-perf-reports");

        Assert.True(run.ExitCode != 0, run.ToString());
        var error = Assert.Single(run.PerfDiagnostics);
        Assert.Equal("PERF9010", error.Code);
        Assert.Contains("internal error (exit code 5)", error.Text);
        Assert.Contains("/proc/modulo-perf-reports", error.Text);
        Assert.Empty(await ProcessScan.WaitUntilGoneAsync(fixture.Root, ProcessExitWait));
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
    /// with `docker compose up -d --build`, loaded, and brought down again whatever the outcome; its runtime
    /// counters read through a diagnostic port socket on a volume it shares with the host (docs/msbuild.md).
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
                environment:
                  DOTNET_DiagnosticPorts: /diagnostics/api.sock,nosuspend
                volumes:
                  - ./diagnostics:/diagnostics
            """);
        var socket = Path.Combine(context, "diagnostics", "api.sock");

        var run = await GateRun.RunAsync(Consumer, "compose-up", $"-p:PerfGateConfig={config}",
            $"-p:PerfGateComposeFile={composeFile}", $"-p:PerfGateServicePort={port}", $"-p:PerfGateServiceDiagnosticPort={socket}");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Empty(run.PerfDiagnostics);
        Assert.Contains(run.Log.SourceFiles, file => file.FullPath.EndsWith("results.json", StringComparison.Ordinal));
        Assert.False(ComposeHasContainers(composeFile), "docker compose down did not remove the service");
        var results = Assert.Single(run.Log.SourceFiles, file => Path.GetFileName(file.FullPath) == "results.json");
        using var json = System.Text.Json.JsonDocument.Parse(results.Text);
        var service = json.RootElement.GetProperty("service");
        Assert.False(service.TryGetProperty("problem", out var problem), problem.ToString());
        Assert.Equal(socket, service.GetProperty("diagnosticPort").GetString());
        Assert.True(service.GetProperty("counters").GetProperty("alloc-rate").GetProperty("total").GetDouble() > 0, results.Text);
        Assert.True(json.RootElement.GetProperty("metrics").TryGetProperty("service_cpu_per_request", out _), results.Text);
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

    /// <summary>
    /// The fingerprint carries the project's Configuration and TargetFramework; another load against the recorded
    /// baseline is one summary line naming the MSBuild property that compares anyway, and that property, with
    /// PerfGateScenario, reaches the engine.
    /// </summary>
    [Fact]
    public async Task A_fingerprint_mismatch_names_the_msbuild_properties_and_they_steer_the_engine()
    {
        var config = Consumer.WriteConfig("perfgate.regression.json", "p(95)<5000");
        var baseline = Path.Combine(Consumer.Directory, "perf-baseline.json");
        await RecordBaselineAsync(config, baseline);
        var twoScenarios = Path.Combine(Consumer.Directory, "perfgate.two-scenarios.json");
        File.WriteAllText(twoScenarios, File.ReadAllText(config).Replace(
            "\"browse\": {", "\"other\": { \"steps\": [ { \"method\": \"GET\", \"path\": \"/items\" } ] }, \"browse\": {", StringComparison.Ordinal));

        var refused = await GateRun.RunAsync(Consumer, "mismatch",
            $"-p:PerfGateConfig={config}", $"-p:PerfGateBaseline={baseline}", "-p:PerfGateVus=2");
        var allowed = await GateRun.RunAsync(Consumer, "mismatch-allowed", $"-p:PerfGateConfig={twoScenarios}", $"-p:PerfGateBaseline={baseline}",
            "-p:PerfGateVus=2", "-p:PerfGateAllowFingerprintMismatch=true", "-p:PerfGateScenario=browse");

        Assert.True(refused.ExitCode == 0, refused.ToString());
        var summaries = refused.Log.FindChildrenRecursive<Message>(m => m.Text.StartsWith("Baseline:", StringComparison.Ordinal));
        var summary = Assert.Single(summaries).Text;
        Assert.Contains("vus 4 → 2", summary);
        Assert.Contains("add -p:PerfGateAllowFingerprintMismatch=true to compare anyway", summary);
        Assert.DoesNotContain("--allow-fingerprint-mismatch", refused.Output);
        Assert.DoesNotContain("--update-baseline", refused.Output);
        Assert.Single(refused.Log.FindChildrenRecursive<Message>(m => m.Text.Contains("vus 4 → 2", StringComparison.Ordinal)));
        using (var results = JsonDocument.Parse(File.ReadAllText(Path.Combine(Consumer.Directory, "perf-results", "results.json"))))
        {
            var run = results.RootElement.GetProperty("run");
            Assert.Equal("Release", run.GetProperty("buildConfiguration").GetString());
            Assert.Equal("net10.0", run.GetProperty("targetFramework").GetString());
        }

        Assert.True(allowed.ExitCode == 0, allowed.ToString());
        Assert.Contains(allowed.Log.FindChildrenRecursive<Message>(), m => m.Text.StartsWith("Baseline: compared with ", StringComparison.Ordinal));
        using (var results = JsonDocument.Parse(File.ReadAllText(Path.Combine(Consumer.Directory, "perf-results", "results.json"))))
        {
            Assert.Equal(["browse"], results.RootElement.GetProperty("run").GetProperty("scenarios").EnumerateArray().Select(s => s.GetString()));
        }
    }

    /// <summary>The gate's inputs (every perfgate*.json, the baselines) and outputs stay out of bin/ and the publish output.</summary>
    [Fact]
    public async Task Gate_configs_baselines_and_reports_are_not_copied_to_the_output_or_published()
    {
        // In a project of its own: a default perfgate.json and baseline in the shared consumer would change the other tests' gates.
        var project = Path.Combine(fixture.Root, "clean-consumer");
        Directory.CreateDirectory(project);
        foreach (var file in Directory.EnumerateFiles(Consumer.Directory).Where(f => f.EndsWith(".csproj", StringComparison.Ordinal)
            || f.EndsWith(".cs", StringComparison.Ordinal) || Path.GetFileName(f) is "appsettings.json" or "nuget.config"))
        {
            File.Copy(file, Path.Combine(project, Path.GetFileName(file)));
        }
        var projectFile = Path.Combine(project, Path.GetFileName(Consumer.ProjectFile));
        var config = Consumer.WriteConfig("perfgate.clean.json", "p(95)<1000");
        File.Copy(config, Path.Combine(project, "perfgate.json"), overwrite: true);
        File.Copy(config, Path.Combine(project, "perfgate.staging.json"), overwrite: true);
        Directory.CreateDirectory(Path.Combine(project, "perf-baselines"));
        File.WriteAllText(Path.Combine(project, "perf-baselines", "performance-baselines.json"), "{}");
        Directory.CreateDirectory(Path.Combine(project, "perf-results"));
        File.WriteAllText(Path.Combine(project, "perf-results", "results.json"), "{}");
        // A baseline elsewhere in the project, named by PerfGateBaseline as a project that keeps one would.
        var namedBaseline = Path.Combine(project, "team-baseline.json");
        File.WriteAllText(namedBaseline, "{}");
        var publishDirectory = Path.Combine(project, "published");
        var output = Path.Combine(project, "bin", "Debug", "net10.0");

        using var publish = new DotnetCommand(
            ["publish", projectFile, "-c", "Debug", "-o", publishDirectory, $"-p:PerfGateBaseline={namedBaseline}", "-nr:false"],
            project, GateRun.Environment(Consumer));
        var exitCode = await publish.WaitAsync(GateRun.BuildTimeout);

        Assert.True(exitCode == 0, publish.Output);
        foreach (var directory in new[] { output, publishDirectory })
        {
            // The app's own content is still copied: only the gate's files are held back.
            Assert.True(File.Exists(Path.Combine(directory, "appsettings.json")), $"appsettings.json is missing from {directory}");
            var gateFiles = Directory.EnumerateFiles(directory, "*.json", SearchOption.AllDirectories)
                .Select(f => Path.GetRelativePath(directory, f))
                .Where(f => f.StartsWith("perf", StringComparison.Ordinal) || f.Contains("results.json", StringComparison.Ordinal) || f == Path.GetFileName(namedBaseline))
                .ToList();
            Assert.True(gateFiles.Count == 0, $"{directory} holds {string.Join(", ", gateFiles)}");
        }
    }

    /// <summary>16 KB more allocated per read: the service's own counters catch it (PERF2004).</summary>
    [Fact]
    public async Task Allocation_regression_from_the_service_counters_is_PERF2004()
    {
        var config = Consumer.WriteConfig("perfgate.regression.json", "p(95)<5000");
        var baseline = Path.Combine(Consumer.Directory, "perf-baseline.json");
        await RecordBaselineAsync(config, baseline);

        // Many times what the read allocates by itself (about 1.4 KB), and little enough that the service completes
        // about as many requests as in the baseline: 64 KB, zeroed and collected at some 18,000 reads a second,
        // halved them in a fresh-clone run (8,928 against 18,257 req/s), which, before fixed costs were bounded
        // (docs/baselines.md), made the cost per request inconclusive and left PERF2004 out.
        var run = await GateRun.RunAsync(Consumer, "allocation-regression", $"-p:PerfGateConfig={config}", $"-p:PerfGateBaseline={baseline}",
            RegressionVus, "-p:PerfGateServiceEnvironment=CONSUMER_READ_ALLOC_BYTES=16384", "-p:PerfGateServiceMeters=true");

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
            // The engine calls no regression before 3 runs are stored (docs/baselines.md); none of them can be one.
            for (var recorded = 1; recorded <= 3; recorded++)
            {
                var run = await GateRun.RunAsync(Consumer, $"baseline-{recorded}",
                    $"-p:PerfGateConfig={config}", $"-p:PerfGateBaseline={baseline}", RegressionVus, "-p:PerfGateUpdateBaseline=true");
                Assert.True(run.ExitCode == 0 && File.Exists(baseline), run.ToString());
            }
            fixture.BaselineRecorded = true;
        }
        finally
        {
            fixture.BaselineLock.Release();
        }
    }

    /// <summary>Starts a gate whose load lasts two minutes, for tests that stop it midway.</summary>
    private DotnetCommand StartLongGate(string name, out string binlog)
    {
        var config = Consumer.WriteConfig($"perfgate.{name}.json", "p(95)<1000");
        binlog = Path.Combine(Consumer.Directory, $"{name}.binlog");
        return new DotnetCommand(
            GateRun.Arguments(Consumer, binlog, [$"-p:PerfGateConfig={config}", "-p:PerfGateDuration=120s"]),
            Consumer.Directory, GateRun.Environment(Consumer));
    }

    /// <summary>Waits for the engine's first progress line (every 5 s of load) in the build's output.</summary>
    private static async Task WaitForProgressLineAsync(DotnetCommand build)
    {
        var deadline = DateTime.UtcNow + GateRun.BuildTimeout;
        while (!build.Output.Contains("[modulo-perf] 00:", StringComparison.Ordinal))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"the engine reported no progress. Build output:\n{build.Output}");
            }
            await Task.Delay(200);
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
