using Modulo.Perf.Engine.Outcome;
using Modulo.Perf.Engine.Tests.Infrastructure;

namespace Modulo.Perf.Engine.Tests.Cli;

/// <summary>One rule for paths: given on the command line, relative to the current directory; by default, beside the config.</summary>
public class PathRuleTests
{
    private static Task<(int ExitCode, string Output)> RunInAsync(string workingDirectory, params string[] args) =>
        Infrastructure.Engine.RunCommandAsync(workingDirectory, args);

    [Fact]
    public async Task Default_reports_go_beside_the_config_and_given_paths_are_relative_to_the_current_directory()
    {
        // Nothing listens on port 9: the run ends at once (exit 4 or 3), and still writes its results.
        using var config = new TempConfig("""{ "baseUrl": "http://127.0.0.1:9", "scenarios": { "s": { "steps": [ { "method": "GET", "path": "/" } ] } } }""");
        var elsewhere = Directory.CreateDirectory(Path.Combine(config.Directory, "elsewhere")).FullName;
        File.WriteAllText(Path.Combine(elsewhere, "baseline.json"), "{ not json");

        var byDefault = await RunInAsync(elsewhere, "run", "--config", config.Path);
        var given = await RunInAsync(elsewhere, "run", "--config", config.Path, "--out", "given", "--baseline", "baseline.json");

        Assert.True(byDefault.ExitCode == ExitCodes.TargetUnreachable, byDefault.Output);
        Assert.True(File.Exists(Path.Combine(config.Directory, "perf-results", "results.json")), byDefault.Output);
        Assert.False(Directory.Exists(Path.Combine(elsewhere, "perf-results")));
        // The corrupt baseline found in the current directory proves where --baseline was looked up.
        Assert.True(given.ExitCode == ExitCodes.InvalidConfiguration, given.Output);
        Assert.Contains(Path.Combine(elsewhere, "baseline.json"), given.Output);
        Assert.True(File.Exists(Path.Combine(elsewhere, "given", "results.json")), given.Output);
    }

    [Fact]
    public async Task Validate_checks_like_run_lists_every_error_and_sends_nothing()
    {
        using var config = new TempConfig("""
            { "baseUrl": "http://127.0.0.1:9",
              "scenarios": { "s": { "steps": [ { "method": "FETCH", "path": "/" } ] } },
              "thresholds": { "http_req_duration": ["p95<200"] } }
            """);
        using var valid = new TempConfig("""{ "baseUrl": "http://127.0.0.1:9", "scenarios": { "s": { "steps": [ { "method": "GET", "path": "/" } ] } } }""");

        var invalid = await RunInAsync(config.Directory, "validate", "--config", config.Path);
        var ok = await RunInAsync(valid.Directory, "validate", "--config", valid.Path);
        var badProfile = await RunInAsync(valid.Directory, "validate", "--config", valid.Path, "--profile", "nope");

        Assert.True(invalid.ExitCode == ExitCodes.InvalidConfiguration, invalid.Output);
        Assert.Contains($"{config.Path}(2,49): error: unknown HTTP method 'FETCH'", invalid.Output);
        Assert.Contains($"{config.Path}(3,42): error: unknown aggregation 'p95'", invalid.Output);
        using (var results = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(config.Directory, "perf-results", "results.json"))))
        {
            Assert.Equal(2, results.RootElement.GetProperty("errors").GetArrayLength());
        }
        // Port 9 has nothing listening: a validation that tried to reach it would have said so.
        Assert.True(ok.ExitCode == ExitCodes.Pass, ok.Output);
        Assert.Equal(["results.json"], Directory.GetFiles(Path.Combine(valid.Directory, "perf-results")).Select(Path.GetFileName));
        Assert.True(badProfile.ExitCode == ExitCodes.InvalidConfiguration, badProfile.Output);
        Assert.Contains("--profile 'nope'", badProfile.Output);
    }
}
