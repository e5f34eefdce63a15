using Modulo.Perf.Engine.Outcome;
using Modulo.Perf.Engine.Tests.Baselines;
using Modulo.Perf.Engine.Tests.Infrastructure;

namespace Modulo.Perf.Engine.Tests.Cli;

/// <summary>What the console says about the baseline, from the real command: one line when it is recorded, compared, or not comparable.</summary>
[Collection(LoadRuns.Name)]
public class RunCommandBaselineTests
{
    private static string[] Lines(string output, string containing) =>
        [.. output.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Contains(containing, StringComparison.Ordinal))];

    [Fact]
    public async Task Recording_comparing_and_a_fingerprint_mismatch_each_print_one_baseline_line()
    {
        await using var service = await TunableService.StartAsync();
        // Tolerances no noise on a shared machine can exceed: this test is about what is printed, not the rules.
        using var config = new TempConfig(service.Config("\"latencyPercent\": 100000, \"throughputPercent\": 100, \"errorRatePoints\": 100,"));
        var baseline = Path.Combine(config.Directory, "baseline.json");
        string[] Args(string configuration, params string[] more) =>
            ["--duration", "1s", "--baseline", baseline, "--build-configuration", configuration, "--target-framework", "net10.0", .. more];

        var recorded = await Infrastructure.Engine.RunProcessAsync(config, Args("Release", "--update-baseline"));
        var compared = await Infrastructure.Engine.RunProcessAsync(config, Args("Release"));
        var debug = await Infrastructure.Engine.RunProcessAsync(config, Args("Debug"));
        var underMsBuild = await Infrastructure.Engine.RunProcessAsync(config, Args("Debug", "--caller", "msbuild"));

        Assert.True(recorded.ExitCode == ExitCodes.Pass, recorded.Output);
        Assert.Equal([$"Baseline: this run was recorded as the first in {baseline}."], Lines(recorded.Output, "Baseline:"));
        Assert.True(compared.ExitCode == ExitCodes.Pass, compared.Output);
        Assert.Matches(@"^Baseline: no regression in \d+ judged metric\(s\)( \(\d+ more inconclusive\))? against 1 stored run in ", Assert.Single(Lines(compared.Output, "Baseline:")));

        // One summary line names the difference once; every compared metric gets its own short line.
        Assert.True(Lines(debug.Output, "Release → Debug").Length == 1, debug.Output);
        Assert.Contains("--allow-fingerprint-mismatch", Assert.Single(Lines(debug.Output, "Baseline:")));
        var metrics = Lines(debug.Output, ": inconclusive, ");
        Assert.NotEmpty(metrics);
        Assert.All(metrics, line => Assert.EndsWith("not compared: the baseline was recorded with another fingerprint", line));
        Assert.Equal("Debug", debug.Results!.RootElement.GetProperty("run").GetProperty("buildConfiguration").GetString());
        Assert.Equal("net10.0", debug.Results.RootElement.GetProperty("run").GetProperty("targetFramework").GetString());

        var msbuildLine = Assert.Single(Lines(underMsBuild.Output, "Baseline:"));
        Assert.Contains("-p:PerfGateAllowFingerprintMismatch=true", msbuildLine);
        Assert.DoesNotContain("--allow-fingerprint-mismatch", underMsBuild.Output);
        Assert.Equal(msbuildLine, underMsBuild.Results!.RootElement.GetProperty("baseline").GetProperty("summary").GetString());
    }
}
