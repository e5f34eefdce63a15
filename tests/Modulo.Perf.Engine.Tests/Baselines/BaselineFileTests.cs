using System.Text.Json;
using System.Text.Json.Nodes;
using Modulo.Perf.Engine.Baselines;
using Modulo.Perf.Engine.Metrics;
using Modulo.Perf.Engine.Outcome;
using Modulo.Perf.Engine.SourceText;
using Modulo.Perf.Engine.Tests.Infrastructure;

namespace Modulo.Perf.Engine.Tests.Baselines;

/// <summary>The baseline file's reliability: damaged files are reported and kept, concurrent updates are merged.</summary>
public class BaselineFileTests
{
    public static TheoryData<string, string> DamagedBaselines() => new()
    {
        { """{ "version": 1, "metadata": { "created": """, "is corrupt" },
        { """{ "version": 1, "metadata": {}, "baselines": {}, "history": [] }""", "is corrupt" },
        { """{ "version": 7, "metadata": {}, "history": [] }""", "newer modulo-perf (format version 7" },
        { """[ "not", "a", "baseline" ]""", "is not a baseline file" },
        { """{ "version": "1", "history": [] }""", "its \"version\" must be a whole number from 1, not \"1\"" },
        { """{ "version": 1.5, "history": [] }""", "its \"version\" must be a whole number from 1, not 1.5" },
    };

    [Theory]
    [MemberData(nameof(DamagedBaselines))]
    public async Task A_corrupt_or_future_baseline_exits_3_naming_the_file_and_is_left_untouched(string content, string reason)
    {
        // Nothing listens on the target: the baseline is read before any load, so the run must stop before the probe.
        using var config = new TempConfig("""{ "baseUrl": "http://127.0.0.1:9", "scenarios": { "s": { "steps": [ { "method": "GET", "path": "/" } ] } } }""");
        var baseline = Path.Combine(config.Directory, "baseline.json");
        File.WriteAllText(baseline, content);
        var before = File.ReadAllBytes(baseline);

        var (exitCode, results, output) = await Infrastructure.Engine.RunProcessAsync(config, "--baseline", baseline, "--update-baseline");

        Assert.True(exitCode == ExitCodes.InvalidConfiguration, output);
        var error = results!.RootElement.GetProperty("errors")[0];
        Assert.Equal("configuration", error.GetProperty("kind").GetString());
        Assert.Contains($"baseline file '{baseline}'", error.GetProperty("message").GetString());
        Assert.Contains(reason, error.GetProperty("message").GetString());
        Assert.Equal(before, File.ReadAllBytes(baseline));
        Assert.Equal([baseline], Directory.GetFiles(config.Directory, "baseline.json*"));
    }

    [Fact]
    public async Task An_unreadable_baseline_exits_3_and_is_left_untouched()
    {
        using var config = new TempConfig("""{ "baseUrl": "http://127.0.0.1:9", "scenarios": { "s": { "steps": [ { "method": "GET", "path": "/" } ] } } }""");
        // A directory where the file should be cannot be read (tests run as root, so file permissions would not stop a read).
        var baseline = Directory.CreateDirectory(Path.Combine(config.Directory, "baseline.json")).FullName;

        var (exitCode, results, output) = await Infrastructure.Engine.RunProcessAsync(config, "--baseline", baseline, "--update-baseline");

        Assert.True(exitCode == ExitCodes.InvalidConfiguration, output);
        Assert.Contains($"baseline file '{baseline}' cannot be read", results!.RootElement.GetProperty("errors")[0].GetProperty("message").GetString());
        Assert.True(Directory.Exists(baseline));
        Assert.Empty(Directory.EnumerateFileSystemEntries(baseline));
    }

    [Fact]
    public async Task A_damaged_histogram_exits_3_before_any_load_and_the_file_is_kept()
    {
        await using var service = await TunableService.StartAsync();
        using var config = new TempConfig(service.Config());
        await Infrastructure.Engine.RunAsync(config, o => o with { UpdateBaseline = true });
        var baseline = config.BaselinePath;
        var text = File.ReadAllText(baseline);
        var histogram = JsonDocument.Parse(text).RootElement.GetProperty("history")[0].GetProperty("suites").GetProperty("api")
            .GetProperty("latency").GetProperty("read_latency_p95").GetProperty("histogram").GetString()!;
        File.WriteAllText(baseline, text.Replace(histogram, "AAAA" + histogram[4..]));
        var before = File.ReadAllBytes(baseline);

        var result = await Infrastructure.Engine.RunAsync(config, o => o with { UpdateBaseline = true });

        Assert.Equal(Verdict.InvalidConfiguration, result.Verdict);
        Assert.Contains("the histogram of read_latency_p95 in api", result.Errors.Single().Message);
        Assert.Null(result.Metrics);
        Assert.Equal(before, File.ReadAllBytes(baseline));
    }

    [Fact]
    public async Task Two_runs_updating_one_baseline_at_once_keep_both_history_entries()
    {
        await using var service = await TunableService.StartAsync();
        using var first = new TempConfig(service.Config());
        using var second = new TempConfig(service.Config());
        var baseline = Path.Combine(first.Directory, "shared", "performance-baselines.json");

        var runs = await Task.WhenAll(
            Infrastructure.Engine.RunProcessAsync(first, "--baseline", baseline, "--update-baseline"),
            Infrastructure.Engine.RunProcessAsync(second, "--baseline", baseline, "--update-baseline"));

        Assert.All(runs, run => Assert.True(run.ExitCode == ExitCodes.Pass, run.Output));
        Assert.Equal(2, BaselineStore.Read(baseline)!.History.Count);
    }

    [Fact]
    public async Task Concurrent_updates_in_one_process_lose_no_entry_and_leave_no_temporary_file()
    {
        using var directory = new TempConfig("{}");
        var baseline = Path.Combine(directory.Directory, "performance-baselines.json");
        var start = DateTimeOffset.UtcNow;

        await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() =>
            BaselineStore.Record(baseline, MeasuredRun(start.AddSeconds(i)), new RegressionSettings(), new Dictionary<string, IReadOnlyList<string>>()))));

        var stored = BaselineStore.Read(baseline)!;
        Assert.Equal(8, stored.History.Count);
        Assert.Equal(Enumerable.Range(0, 8).Select(i => start.AddSeconds(i)), stored.History.Select(r => r.Recorded));
        Assert.Equal(["performance-baselines.json", "performance-baselines.json.lock"], Directory.GetFiles(directory.Directory, "*performance-baselines*").Select(Path.GetFileName).Order());
    }

    [Fact]
    public void History_older_than_the_retention_is_pruned_but_the_newest_run_always_stays()
    {
        using var directory = new TempConfig("{}");
        var baseline = Path.Combine(directory.Directory, "performance-baselines.json");
        var now = DateTimeOffset.UtcNow;
        var settings = new RegressionSettings { HistoryDays = 90 };
        var slo = new Dictionary<string, IReadOnlyList<string>> { ["slo_read_latency"] = ["p(95)<200"] };

        BaselineStore.Record(baseline, MeasuredRun(now.AddDays(-200)), settings, slo);
        Assert.Single(BaselineStore.Read(baseline)!.History);
        BaselineStore.Record(baseline, MeasuredRun(now.AddDays(-30)), settings, slo);
        BaselineStore.Record(baseline, MeasuredRun(now), settings, slo);

        var stored = BaselineStore.Read(baseline)!;
        Assert.Equal([now.AddDays(-30), now], stored.History.Select(r => r.Recorded));
        Assert.Equal(now.AddDays(-200), stored.Metadata.Created);
        Assert.Equal(now, stored.Metadata.Updated);
        Assert.Equal(["p(95)<200"], stored.Metadata.SloThresholds["slo_read_latency"]);
        // The flat baselines section: the newest run's p95 and average, read back from the stored histogram.
        var read = stored.Baselines["read_latency_p95"];
        Assert.Equal(1000, read.Samples);
        Assert.InRange(read.P95, 9.5, 9.6);
        Assert.InRange(read.Avg, 5.0, 5.01);
    }

    [Theory]
    [InlineData("history/0", "\"history\" entry 1 is null")]
    [InlineData("history/0/suites/api", "suite 'api' of \"history\" entry 1 is null")]
    [InlineData("history/0/suites/api/latency/read_latency_p95", "latency 'read_latency_p95' of suite 'api' in \"history\" entry 1 is null")]
    [InlineData("baselines/read_latency_p95", "\"baselines\" entry 'read_latency_p95' is null")]
    public void A_null_where_the_format_holds_an_entry_is_a_corrupt_baseline_not_a_crash(string pointer, string reason)
    {
        using var directory = new TempConfig("{}");
        var baseline = Path.Combine(directory.Directory, "performance-baselines.json");
        BaselineStore.Record(baseline, MeasuredRun(DateTimeOffset.UtcNow), new RegressionSettings(), new Dictionary<string, IReadOnlyList<string>>());
        var root = JsonNode.Parse(File.ReadAllText(baseline))!;
        var parts = pointer.Split('/');
        var parent = parts[..^1].Aggregate(root, (node, part) => int.TryParse(part, out var index) ? node[index]! : node[part]!);
        if (int.TryParse(parts[^1], out var last))
        {
            parent[last] = null;
        }
        else
        {
            parent[parts[^1]] = null;
        }
        File.WriteAllText(baseline, root.ToJsonString());

        var error = Assert.Throws<ConfigurationException>(() => BaselineStore.Read(baseline));

        Assert.Equal($"baseline file '{baseline}' is corrupt: {reason}", error.Message);
    }

    [Fact]
    public void A_rewrite_keeps_unknown_top_level_keys_and_removes_a_killed_writers_temporary_file()
    {
        using var directory = new TempConfig("{}");
        var baseline = Path.Combine(directory.Directory, "performance-baselines.json");
        var settings = new RegressionSettings();
        var slo = new Dictionary<string, IReadOnlyList<string>>();
        BaselineStore.Record(baseline, MeasuredRun(DateTimeOffset.UtcNow.AddMinutes(-1)), settings, slo);
        var withNotes = JsonNode.Parse(File.ReadAllText(baseline))!.AsObject();
        withNotes["team_notes"] = new JsonObject { ["owner"] = "payments" };
        File.WriteAllText(baseline, withNotes.ToJsonString());
        var leftover = Path.Combine(directory.Directory, ".performance-baselines.json.0123456789abcdef.tmp");
        File.WriteAllText(leftover, "{ half a baseline");

        BaselineStore.Record(baseline, MeasuredRun(DateTimeOffset.UtcNow), settings, slo);

        var rewritten = JsonNode.Parse(File.ReadAllText(baseline))!;
        Assert.Equal("payments", rewritten["team_notes"]?["owner"]?.GetValue<string>());
        Assert.Equal(2, BaselineStore.Read(baseline)!.History.Count);
        Assert.False(File.Exists(leftover));
    }

    [Fact]
    public void A_stored_histogram_decodes_to_the_same_distribution()
    {
        var run = MeasuredRun(DateTimeOffset.UtcNow);
        var stored = run.Suites["api"].Latency["read_latency_p95"];

        var decoded = new TrendAggregate(HistogramCodec.Decode(stored.Histogram));

        Assert.Equal(stored.Samples, decoded.SampleCount);
        Assert.Equal(stored.P95, decoded.Percentile(95));
        Assert.Equal(stored.Avg, decoded.Avg);
    }

    // A run whose reads took 0.01, 0.02, ..., 10 ms.
    private static BaselineRun MeasuredRun(DateTimeOffset recorded)
    {
        var registry = new MetricRegistry();
        var reads = registry.Register(MetricCatalog.HttpReqDuration, new TagSet(new Dictionary<string, string> { ["scenario"] = "api", ["type"] = "read" })).Id;
        for (var micros = 10; micros <= 10_000; micros += 10)
        {
            registry.RecordTrend(reads, micros);
        }
        registry.Collect();
        var fingerprint = new RunFingerprint("short", "constant-vus", 4, 2, [], ["api"], "/perfgate.json", "hash", "http://127.0.0.1:1/", "0.1.0", Environment.ProcessorCount);
        return RunMeasurements.Capture(registry, ["api"], fingerprint, recorded, null, machineProbeMs: 20);
    }
}
