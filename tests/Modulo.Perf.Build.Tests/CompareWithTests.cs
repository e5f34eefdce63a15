using System.Text.Json;
using Warning = Microsoft.Build.Logging.StructuredLogger.Warning;

namespace Modulo.Perf.Build.Tests;

/// <summary>
/// <c>-p:PerfGateCompareWith=REF</c> end to end: a real git repository made in a temp folder, the packed package,
/// the base ref checked out in a worktree under obj/ and built, both builds started, the engine's interleaved
/// comparison, and nothing left behind (processes, worktree) on success, on a broken base and on Ctrl+C.
/// </summary>
[Collection(PackedGateCollection.Name)]
public sealed class CompareWithTests(PackedGateFixture fixture)
{
    private static readonly TimeSpan ProcessExitWait = TimeSpan.FromSeconds(10);

    private static string WorktreeFolder(ComparedRepository repository) => Path.Combine(repository.Root, "obj", "perfgate-base");

    private static async Task AssertNothingLeftAsync(ComparedRepository repository, string output)
    {
        var survivors = await ProcessScan.WaitUntilGoneAsync(repository.Root, ProcessExitWait);
        Assert.True(survivors.Count == 0, $"left running: {string.Join("; ", survivors)}\n{output}");
        Assert.Empty(repository.ExtraWorktrees);
        Assert.True(!Directory.Exists(WorktreeFolder(repository)) || !Directory.EnumerateFileSystemEntries(WorktreeFolder(repository)).Any(),
            $"the base worktree is still in {WorktreeFolder(repository)}");
    }

    [Fact]
    public async Task A_head_slower_than_its_base_commit_is_PERF2001_and_each_build_gets_its_own_role()
    {
        var repository = ComparedRepository.Create(fixture, "compare-slower");
        var baseCommit = repository.Commit("base");
        repository.Commit("head: 40 ms slower reads", extraReadDelayMs: 40);
        var config = repository.Consumer.WriteConfig("perfgate.json", "p(95)<5000");
        var started = Path.Combine(repository.Root, "started-{role}.txt");

        // The fewest rounds the interval allows, of 1 s: a 40 ms change needs no more. The services' costs, for which
        // rounds default to 2 s, are not judged here: at 1 VU the slower head completes far fewer requests.
        var run = await GateRun.RunAsync(repository.Consumer, "compare-slower", $"-p:PerfGateConfig={config}",
            $"-p:PerfGateCompareWith={baseCommit}", $"-p:PerfGateServiceEnvironment=CONSUMER_STARTED_FILE={started}",
            "-p:PerfGateCompareRounds=8", "-p:PerfGateCompareRoundDuration=1s");

        Assert.True(run.ExitCode == 0, run.ToString());
        // Slower reads at one VU also mean fewer of them: a latency and a throughput regression, both warnings.
        Assert.All(run.PerfDiagnostics, d => Assert.IsType<Warning>(d));
        Assert.Equal(["PERF2001", "PERF2003"], run.PerfDiagnostics.Select(d => d.Code).Order());
        var latency = run.PerfDiagnostics.Single(d => d.Code == "PERF2001");
        Assert.Equal(config, latency.File);
        Assert.Contains("browse read_latency_p95", latency.Text);
        Assert.Contains("ABBA pairs", latency.Text);
        // {role}: each build wrote its own file, the base from its worktree's output, the head from the project's.
        Assert.Contains(Path.Combine("obj", "perfgate-base", baseCommit[..12]), File.ReadAllText(started.Replace("{role}", "base")));
        Assert.StartsWith(Path.Combine(repository.Root, "bin"), File.ReadAllText(started.Replace("{role}", "head")));
        using var comparison = JsonDocument.Parse(File.ReadAllText(Path.Combine(repository.Root, "perf-results", "comparison-results.json")));
        Assert.Equal("interleaved", comparison.RootElement.GetProperty("mode").GetString());
        // PerfGateCompareRounds=8: eight measured rounds per side and one warm-up each.
        Assert.Equal(18, comparison.RootElement.GetProperty("rounds").GetArrayLength());
        await AssertNothingLeftAsync(repository, run.Output);
    }

    [Fact]
    public async Task A_head_that_violates_its_slo_fails_the_build_and_still_leaves_nothing_behind()
    {
        var repository = ComparedRepository.Create(fixture, "compare-slo");
        var baseCommit = repository.Commit("base");
        repository.Commit("head: 40 ms slower reads", extraReadDelayMs: 40);
        var config = repository.Consumer.WriteConfig("perfgate.json", "p(95)<20");

        // Rounds of 1 s, not the 2 s that leave room for the services' counters: only the head's SLO is asserted.
        var run = await GateRun.RunAsync(repository.Consumer, "compare-slo", $"-p:PerfGateConfig={config}", $"-p:PerfGateCompareWith={baseCommit}",
            "-p:PerfGateCompareRounds=8", "-p:PerfGateCompareRoundDuration=1s");

        Assert.True(run.ExitCode != 0, run.ToString());
        // The SLO is the head's alone: one PERF1001 at the threshold, whatever head against base says besides.
        var error = Assert.Single(run.PerfDiagnostics, d => d.Code == "PERF1001");
        Assert.Equal(config, error.File);
        Assert.StartsWith("slo_read_latency p(95)<20 failed", error.Text);
        await AssertNothingLeftAsync(repository, run.Output);
    }

    [Fact]
    public async Task A_base_ref_that_does_not_build_is_PERF9016_with_the_compilers_first_error()
    {
        var repository = ComparedRepository.Create(fixture, "compare-broken");
        var baseCommit = repository.Commit("base that does not compile", compileError: true);
        repository.Commit("head: fixed");
        var config = repository.Consumer.WriteConfig("perfgate.json", "p(95)<5000");

        var run = await GateRun.RunAsync(repository.Consumer, "compare-broken", $"-p:PerfGateConfig={config}", $"-p:PerfGateCompareWith={baseCommit}");

        Assert.True(run.ExitCode != 0, run.ToString());
        var error = Assert.Single(run.PerfDiagnostics);
        Assert.Equal("PERF9016", error.Code);
        Assert.Contains("does not build", error.Text);
        Assert.Contains("error CS0029", error.Text);
        Assert.Contains("Program.cs", error.Text);
        await AssertNothingLeftAsync(repository, run.Output);
    }

    [Fact]
    public async Task A_ref_the_repository_does_not_have_is_PERF9017()
    {
        var repository = ComparedRepository.Create(fixture, "compare-unknown");
        repository.Commit("only commit");
        var config = repository.Consumer.WriteConfig("perfgate.json", "p(95)<5000");

        var run = await GateRun.RunAsync(repository.Consumer, "compare-unknown", $"-p:PerfGateConfig={config}", "-p:PerfGateCompareWith=no-such-branch");

        Assert.True(run.ExitCode != 0, run.ToString());
        var error = Assert.Single(run.PerfDiagnostics);
        Assert.Equal("PERF9017", error.Code);
        Assert.Contains("'no-such-branch' names no commit", error.Text);
        await AssertNothingLeftAsync(repository, run.Output);
    }

    /// <summary>
    /// Compose mode: the repository holds a compose file that publishes <c>${PERFGATE_PORT}</c> and an image built
    /// FROM the local base out of each checkout's own build output. The base stack (from the worktree) and the head
    /// stack run as their own compose projects, each with its counters through its own diagnostic port socket; both
    /// projects are gone afterwards, with the worktree.
    /// </summary>
    [DockerFact]
    public async Task Compose_mode_compares_the_base_stack_with_the_head_stack_and_downs_both()
    {
        var repository = ComparedRepository.Create(fixture, "compare-compose");
        WriteComposeFiles(repository);
        var baseCommit = repository.Commit("base");
        repository.Commit("head: 40 ms slower reads", extraReadDelayMs: 40);
        var config = repository.Consumer.WriteConfig("perfgate.json", "p(95)<5000");

        var run = await GateRun.RunAsync(repository.Consumer, "compare-compose", $"-p:PerfGateConfig={config}", $"-p:PerfGateCompareWith={baseCommit}",
            "-p:PerfGateComposeFile=compose.yml", "-p:PerfGateServiceDiagnosticPort=diagnostics/api.sock", "-p:PerfGateCompareRounds=8");

        Assert.True(run.ExitCode == 0, run.ToString());
        // The base stack ran the base commit's build: the head's 40 ms is a latency regression against it.
        Assert.Contains(run.PerfDiagnostics, d => d.Code == "PERF2001" && d is Warning);
        var results = Assert.Single(run.Log.SourceFiles, file => Path.GetFileName(file.FullPath) == "comparison-results.json");
        using var comparison = JsonDocument.Parse(results.Text);
        Assert.Equal("interleaved", comparison.RootElement.GetProperty("mode").GetString());
        var baseUrl = comparison.RootElement.GetProperty("base_url").GetString()!;
        var headUrl = comparison.RootElement.GetProperty("head_url").GetString()!;
        Assert.StartsWith("http://127.0.0.1:", baseUrl);
        Assert.StartsWith("http://127.0.0.1:", headUrl);
        Assert.NotEqual(baseUrl, headUrl);
        // Each side's runtime counters came through its own socket, so the services' costs were compared too.
        var costs = comparison.RootElement.GetProperty("comparison_results").GetProperty("service").GetProperty("comparisons");
        Assert.True(costs.TryGetProperty("cpu_per_request", out _), results.Text);
        AssertComposeProjectsGone(run.Output);
        await AssertNothingLeftAsync(repository, run.Output);
    }

    private static readonly string[] ComposeProjects = ["consumer-perf-base", "consumer-perf-head"];

    /// <summary>
    /// A Dockerfile FROM the local base that copies the checkout's build output (<paramref name="buildOutput"/>), a compose
    /// file that publishes it on <c>${PERFGATE_PORT}</c> with a diagnostic port socket on <c>./diagnostics</c>, and their ignore entries.
    /// </summary>
    private static void WriteComposeFiles(ComparedRepository repository, string buildOutput = "bin/Release/net10.0/")
    {
        var gitignore = Path.Combine(repository.Root, ".gitignore");
        if (!File.ReadAllText(gitignore).Contains("diagnostics/", StringComparison.Ordinal))
        {
            File.AppendAllText(gitignore, "diagnostics/\n");
        }
        File.WriteAllText(Path.Combine(repository.Root, ".dockerignore"), "obj/\ndiagnostics/\nperf-results/\n*.binlog\n");
        File.WriteAllText(Path.Combine(repository.Root, "Dockerfile"), $"""
            FROM {DockerFactAttribute.BaseImage}
            COPY {buildOutput} /app/
            ENV ASPNETCORE_URLS=http://0.0.0.0:8080
            ENTRYPOINT ["dotnet", "/app/{ConsumerProject.Name}.dll"]
            """);
        File.WriteAllText(Path.Combine(repository.Root, "compose.yml"), """
            services:
              api:
                build: .
                init: true
                ports:
                  - "127.0.0.1:${PERFGATE_PORT}:8080"
                environment:
                  DOTNET_DiagnosticPorts: /diagnostics/api.sock,nosuspend
                volumes:
                  - ./diagnostics:/diagnostics
            """);
    }

    private static void AssertComposeProjectsGone(string output) =>
        Assert.All(ComposeProjects, project => Assert.True(DockerObjects(project).Length == 0, $"{project} left: {DockerObjects(project)}\n{output}"));

    [DockerFact]
    public async Task Compose_mode_with_a_base_stack_that_does_not_start_is_PERF9008_naming_the_base_and_leaves_nothing()
    {
        var repository = ComparedRepository.Create(fixture, "compare-compose-broken");
        WriteComposeFiles(repository, buildOutput: "no-such-output/");
        var baseCommit = repository.Commit("base whose image cannot be built");
        WriteComposeFiles(repository);
        repository.Commit("head: a buildable image");
        var config = repository.Consumer.WriteConfig("perfgate.json", "p(95)<5000");

        var run = await GateRun.RunAsync(repository.Consumer, "compare-compose-broken", $"-p:PerfGateConfig={config}", $"-p:PerfGateCompareWith={baseCommit}",
            "-p:PerfGateComposeFile=compose.yml");

        Assert.True(run.ExitCode != 0, run.ToString());
        var error = Assert.Single(run.PerfDiagnostics);
        Assert.Equal("PERF9008", error.Code);
        Assert.Contains("-p consumer-perf-base up -d --build' failed", error.Text);
        Assert.Contains("no-such-output", error.Text);
        AssertComposeProjectsGone(run.Output);
        await AssertNothingLeftAsync(repository, run.Output);
    }

    [DockerFact]
    public async Task Cancelling_a_compose_comparison_downs_both_stacks_and_removes_the_worktree()
    {
        var repository = ComparedRepository.Create(fixture, "compare-compose-cancelled");
        WriteComposeFiles(repository);
        var baseCommit = repository.Commit("base");
        repository.Commit("head");
        var config = repository.Consumer.WriteConfig("perfgate.json", "p(95)<5000");
        var binlog = Path.Combine(repository.Root, "cancelled.binlog");
        using var build = new DotnetCommand(
            GateRun.Arguments(repository.Consumer, binlog, [$"-p:PerfGateConfig={config}", $"-p:PerfGateCompareWith={baseCommit}", "-p:PerfGateComposeFile=compose.yml"]),
            repository.Root, GateRun.Environment(repository.Consumer));

        var deadline = DateTime.UtcNow + GateRun.BuildTimeout;
        while (ProcessScan.WithMarker(PackedGateFixture.EngineCommandMarker("compare"), alsoContaining: repository.Root).Count == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
        }
        Assert.All(ComposeProjects, project => Assert.True(DockerObjects(project).Length > 0, $"{project} is not up during the comparison\n{build.Output}"));
        Signals.Interrupt(build.ProcessId);
        var exitCode = await build.WaitAsync(GateRun.BuildTimeout);

        Assert.True(exitCode != 0, build.Output);
        AssertComposeProjectsGone(build.Output);
        await AssertNothingLeftAsync(repository, build.Output);
    }

    /// <summary>The containers, networks and volumes of a compose project, one per line; empty when it is gone.</summary>
    private static string DockerObjects(string composeProject)
    {
        var found = new System.Text.StringBuilder();
        foreach (var kind in new[] { "container", "network", "volume" })
        {
            var list = kind == "container" ? new[] { "ps", "-a", "-q" } : [kind, "ls", "-q"];
            using var docker = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("docker",
                [.. list, "--filter", $"label=com.docker.compose.project={composeProject}"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            })!;
            var output = docker.StandardOutput.ReadToEnd();
            docker.StandardError.ReadToEnd();
            docker.WaitForExit();
            Assert.True(docker.ExitCode == 0, $"docker {kind} listing failed");
            found.Append(output.Trim());
        }
        return found.ToString();
    }

    [Fact]
    public async Task Cancelling_a_comparison_stops_both_services_and_the_engine_and_removes_the_worktree()
    {
        var repository = ComparedRepository.Create(fixture, "compare-cancelled");
        var baseCommit = repository.Commit("base");
        repository.Commit("head");
        var config = repository.Consumer.WriteConfig("perfgate.json", "p(95)<5000");
        var binlog = Path.Combine(repository.Root, "cancelled.binlog");
        using var build = new DotnetCommand(
            GateRun.Arguments(repository.Consumer, binlog, [$"-p:PerfGateConfig={config}", $"-p:PerfGateCompareWith={baseCommit}"]),
            repository.Root, GateRun.Environment(repository.Consumer));

        var deadline = DateTime.UtcNow + GateRun.BuildTimeout;
        // The comparison itself, not the config's validation that the gate runs first with the same engine.
        while (ProcessScan.WithMarker(PackedGateFixture.EngineCommandMarker("compare"), alsoContaining: repository.Root).Count == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
        }
        var services = ProcessScan.WithMarker(repository.Root, $"{ConsumerProject.Name}.dll");
        Assert.True(services.Count == 2, $"both services run during the comparison: {string.Join("; ", services)}\n{build.Output}");
        Signals.Interrupt(build.ProcessId);
        var exitCode = await build.WaitAsync(GateRun.BuildTimeout);

        Assert.True(exitCode != 0, build.Output);
        await AssertNothingLeftAsync(repository, build.Output);
    }
}
