using System.Text.Json;
using System.Xml.Linq;
using Modulo.Perf.Engine.Baselines;
using Modulo.Perf.Engine.Outcome;
using Modulo.Perf.Engine.Reporting;
using Modulo.Perf.Engine.Tests.Baselines;
using Modulo.Perf.Engine.Tests.Infrastructure;

namespace Modulo.Perf.Engine.Tests.Gate;

/// <summary>
/// <c>compare</c> end to end against two real loopback services standing in for the base and head builds:
/// the rounds, the verdict, the head-only SLOs, and every file it writes.
/// </summary>
[Collection(LoadRuns.Name)]
public class CompareRunnerTests
{
    [Fact]
    public async Task A_30_times_slower_head_read_is_a_regression_in_every_output_and_its_slos_are_the_heads()
    {
        await using var @base = await TunableService.StartAsync();
        await using var head = await TunableService.StartAsync();
        // A change far beyond what a shared machine's noise does to a p95 (5 → 150 ms; at a load average of 30 on
        // two cores a 5 ms read's p95 reaches tens of ms), and 12 pairs, whose interval
        // leaves out the most extreme pair at each end: one round hit by a neighbour's burst cannot hide it.
        @base.ReadDelayMs = 5;
        head.ReadDelayMs = 150;
        @base.WriteDelayMs = head.WriteDelayMs = 10;
        using var config = new TempConfig(head.Config());

        var result = await Infrastructure.Engine.CompareAsync(config, @base.BaseUrl, head.BaseUrl, rounds: 12, TimeSpan.FromSeconds(1));

        var interleaved = result.Interleaved!;
        Assert.Equal(26, interleaved.Rounds.Count);
        Assert.Equal(2, interleaved.Rounds.Count(r => r.Warmup));
        var read = interleaved.Metrics.Single(m => m.Metric == "read_latency_p95");
        Assert.True(read.Outcome == InterleavedOutcome.Regression, read.Comparison.Reason);
        Assert.Equal(12, read.Pairs.Count);
        Assert.InRange(read.Estimate!.Median, 100, 5_000);
        Assert.NotEqual(InterleavedOutcome.Regression, interleaved.Metrics.Single(m => m.Metric == "write_latency_p95").Outcome);
        Assert.Equal(Verdict.Regression, result.Verdict);
        Assert.Null(result.Comparison);
        // The SLO (p95 of reads) is judged on the head's rounds alone: at least 150 ms, never the base's 5 ms mixed in.
        var slo = Assert.Single(result.Thresholds);
        Assert.True(slo.Ok);
        Assert.InRange(slo.Actual!.Value, 148, 5_000);

        using var comparison = JsonDocument.Parse(File.ReadAllText(Path.Combine(config.OutputDirectory, ComparisonResultsWriter.FileName)));
        var root = comparison.RootElement;
        Assert.Equal("interleaved", root.GetProperty("mode").GetString());
        Assert.Equal(26, root.GetProperty("rounds").GetArrayLength());
        var readJson = root.GetProperty("comparison_results").GetProperty("api").GetProperty("comparisons").GetProperty("read_latency_p95");
        Assert.True(readJson.GetProperty("regression").GetBoolean());
        Assert.Equal("regression", readJson.GetProperty("outcome").GetString());
        Assert.Equal(12, readJson.GetProperty("pairs").GetArrayLength());
        Assert.Equal(2, readJson.GetProperty("interval").GetArrayLength());
        Assert.True(readJson.GetProperty("interval")[0].GetDouble() > 15);

        using var results = JsonDocument.Parse(File.ReadAllText(Path.Combine(config.OutputDirectory, ResultsJsonWriter.FileName)));
        Assert.Equal(ExitCodes.Regression, results.RootElement.GetProperty("exitCode").GetInt32());
        var regression = results.RootElement.GetProperty("regressions").EnumerateArray().Single(r => r.GetProperty("metric").GetString() == "read_latency_p95");
        Assert.True(regression.GetProperty("regression").GetBoolean());
        // The warning points at the config whose tolerance was exceeded.
        Assert.Equal(config.Path, regression.GetProperty("file").GetString());

        var junit = XDocument.Load(Path.Combine(config.OutputDirectory, JUnitReportWriter.FileName)).Root!
            .Elements("testsuite").Single(s => (string?)s.Attribute("name") == JUnitReportWriter.RegressionsSuite);
        Assert.Equal(interleaved.Metrics.Count, (int)junit.Attribute("tests")!);
        Assert.Contains(junit.Elements("testcase"), c => (string?)c.Attribute("name") == "api read_latency_p95" && c.Element("failure") is not null);

        var markdown = File.ReadAllText(Path.Combine(config.OutputDirectory, MarkdownReportWriter.FileName));
        Assert.Contains("## Head vs base", markdown);
        Assert.Contains("| ⚠️ | api | `read_latency_p95` |", markdown);
        var html = File.ReadAllText(Path.Combine(config.OutputDirectory, HtmlReportWriter.FileName));
        Assert.Contains("<h2>Head vs base</h2>", html);
        Assert.Contains("api read_latency_p95 per round", html);
        Assert.Equal(24 * interleaved.Metrics.Count(m => m.Pairs.Count == 12), html.Split("<circle class=\"dot").Length - 1);
    }

    [Fact]
    public async Task The_command_needs_8_rounds_per_side_a_positive_duration_and_both_targets_reachable()
    {
        await using var service = await TunableService.StartAsync();
        using var config = new TempConfig(service.Config());

        var (tooFew, _, tooFewOutput) = await Infrastructure.Engine.CommandProcessAsync(
            "compare", config, "--base", service.BaseUrl.ToString(), "--head", service.BaseUrl.ToString(), "--rounds", "4");
        Assert.Equal(ExitCodes.InvalidConfiguration, tooFew);
        Assert.Contains("--rounds 4: at least 8 rounds per side", tooFewOutput);

        // --duration replaces the profile's, as in run: the rounds are cut from it.
        var (noDuration, _, noDurationOutput) = await Infrastructure.Engine.CommandProcessAsync(
            "compare", config, "--base", service.BaseUrl.ToString(), "--head", service.BaseUrl.ToString(), "--duration", "0s");
        Assert.Equal(ExitCodes.InvalidConfiguration, noDuration);
        Assert.Contains("--duration must be positive", noDurationOutput);

        var (unreachable, results, output) = await Infrastructure.Engine.CommandProcessAsync(
            "compare", config, "--base", "http://127.0.0.1:9/", "--head", service.BaseUrl.ToString());
        Assert.Equal(ExitCodes.TargetUnreachable, unreachable);
        Assert.Contains("base target could not be reached", output);
        Assert.Equal("target_unreachable", results!.RootElement.GetProperty("verdict").GetString());
    }
}
