using System.Text.Json;
using Modulo.Perf.Engine.Baselines;
using Modulo.Perf.Engine.Configuration;
using Modulo.Perf.Engine.Execution.Segments;
using Modulo.Perf.Engine.Gate;
using Modulo.Perf.Engine.Metrics;
using Modulo.Perf.Engine.Outcome;
using Modulo.Perf.Engine.Reporting;
using Modulo.Perf.Engine.Tests.Infrastructure;

namespace Modulo.Perf.Engine.Tests.Gate;

/// <summary>
/// Merging partial results: the merged data is what one run holding every sample would have measured, and any
/// doubt about the inputs is an error naming the segment. Partials here are written by the real writer from
/// registries fed known samples, so the expected percentiles are known exactly.
/// </summary>
public sealed class MergeRunnerTests : IDisposable
{
    private static readonly Dictionary<string, string> All = new();
    private static readonly TagSet ReadTags = new(new Dictionary<string, string> { ["scenario"] = "s", ["type"] = "read", ["name"] = "get" });

    private readonly TempConfig _config = new("""
        {
          "baseUrl": "http://127.0.0.1:1",
          "scenarios": { "s": { "steps": [ { "name": "get", "method": "GET", "path": "/", "type": "read" } ] } },
          "thresholds": { "http_req_duration": ["p(95)<40"], "http_req_failed": ["rate<0.5"] }
        }
        """);

    public void Dispose() => _config.Dispose();

    [Fact]
    public async Task Merged_percentiles_equal_those_of_one_histogram_holding_every_sample()
    {
        // Four segments with different distributions: segment i's latencies are spread around (i+1) × 10 ms,
        // so averaging their percentiles would give another answer than the merged histogram.
        var whole = new MetricRegistry();
        var wholeSeries = whole.Register(MetricCatalog.HttpReqDuration, ReadTags).Id;
        var directories = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            var registry = new MetricRegistry();
            var series = registry.Register(MetricCatalog.HttpReqDuration, ReadTags).Id;
            var requests = registry.Register(MetricCatalog.HttpReqs, ReadTags).Id;
            var random = new Random(i);
            for (var n = 0; n < 2000 + 500 * i; n++)
            {
                var micros = (long)((i + 1) * 10_000 * (0.5 + random.NextDouble()));
                registry.RecordTrend(series, micros);
                whole.RecordTrend(wholeSeries, micros);
                registry.AddCounter(requests, 1);
            }
            registry.Collect();
            directories.Add(WritePartial(registry, new ExecutionTuple(ExecutionSegmentSequence.Equal(4), i)));
        }
        whole.Collect();

        var result = await Merge(directories);

        var expected = whole.QueryTrend(MetricCatalog.HttpReqDuration, All);
        var merged = result.Metrics!.QueryTrend(MetricCatalog.HttpReqDuration, All);
        Assert.Equal(expected.SampleCount, merged.SampleCount);
        foreach (var p in new[] { 50.0, 95, 99 })
        {
            Assert.Equal(expected.Percentile(p), merged.Percentile(p));
        }
        Assert.Equal(2000 + 2500 + 3000 + 3500, result.Metrics.QueryCounter(MetricCatalog.HttpReqs, All).Count);
        // The thresholds are judged once, over the merged data: p95 is near 48 ms although two segments stay below 40.
        Assert.Equal(Verdict.SloViolation, result.Verdict);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(_config.OutputDirectory, ResultsJsonWriter.FileName)));
        Assert.Equal(Math.Round(expected.Percentile(95), 3), json.RootElement.GetProperty("metrics").GetProperty("http_req_duration").GetProperty("p(95)").GetDouble());
        Assert.Equal(2, json.RootElement.GetProperty("exitCode").GetInt32());
    }

    [Fact]
    public async Task A_missing_segment_is_an_error_naming_it()
    {
        var directories = Enumerable.Range(0, 4).Select(i => WritePartial(OneSample(), new ExecutionTuple(ExecutionSegmentSequence.Equal(4), i))).ToList();
        File.Delete(Path.Combine(directories[2], PartialResultsWriter.FileName));

        var result = await Merge(directories);

        Assert.Equal(Verdict.InvalidConfiguration, result.Verdict);
        var error = Assert.Single(result.Errors);
        Assert.Equal(RunError.MergeInput, error.Kind);
        var message = error.Message;
        Assert.Contains("segment 3 of 4 (1/2:3/4) is missing", message);
        Assert.Contains(directories[2], message);
    }

    [Fact]
    public async Task A_segment_given_twice_is_an_error_naming_it()
    {
        var sequence = ExecutionSegmentSequence.Equal(2);
        var directories = new[] { 0, 1, 1 }.Select(i => WritePartial(OneSample(), new ExecutionTuple(sequence, i))).ToList();

        var result = await Merge(directories);

        Assert.Equal(Verdict.InvalidConfiguration, result.Verdict);
        Assert.Contains("segment 2 of 2 (1/2:1) appears more than once", Assert.Single(result.Errors).Message);
    }

    [Fact]
    public async Task A_partial_of_another_load_is_an_error_naming_its_segment()
    {
        var sequence = ExecutionSegmentSequence.Equal(2);
        var directories = new List<string>
        {
            WritePartial(OneSample(), new ExecutionTuple(sequence, 0)),
            WritePartial(OneSample(), new ExecutionTuple(sequence, 1), fingerprint => fingerprint with { Vus = 99 }),
        };

        var result = await Merge(directories);

        Assert.Equal(Verdict.InvalidConfiguration, result.Verdict);
        var message = Assert.Single(result.Errors).Message;
        Assert.Contains("segment 1/2:1", message);
        Assert.Contains("vus 10 → 99", message);
    }

    [Fact]
    public async Task Waiting_for_partials_ends_at_the_deadline_and_then_names_the_missing_segment()
    {
        var sequence = ExecutionSegmentSequence.Equal(2);
        var directories = new List<string> { WritePartial(OneSample(), new ExecutionTuple(sequence, 0)), Path.Combine(_config.Directory, "never-written") };
        var waited = System.Diagnostics.Stopwatch.StartNew();

        using var interrupt = new RunInterrupt();
        var result = await MergeRunner.RunAsync(
            new MergeOptions { Directories = directories, ConfigPath = _config.Path, OutputDirectory = _config.OutputDirectory, WaitUntil = DateTimeOffset.UtcNow.AddSeconds(2) },
            TextWriter.Null,
            interrupt);

        Assert.InRange(waited.Elapsed, TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(30));
        Assert.Contains("segment 2 of 2 (1/2:1) is missing", Assert.Single(result.Errors).Message);
    }

    private static MetricRegistry OneSample()
    {
        var registry = new MetricRegistry();
        registry.RecordTrend(registry.Register(MetricCatalog.HttpReqDuration, ReadTags).Id, 1_000);
        registry.Collect();
        return registry;
    }

    private string WritePartial(MetricRegistry registry, ExecutionTuple segment, Func<RunFingerprint, RunFingerprint>? change = null)
    {
        var config = ConfigLoader.Load(_config.Path);
        var fingerprint = new RunFingerprint("smoke", "constant-vus", 10, 30, [], ["s"], config.SourcePath, config.ContentHash, "http://127.0.0.1:1/", GateRunner.EngineVersion, 2);
        var directory = Path.Combine(_config.Directory, $"part-{Guid.NewGuid():N}");
        registry.Freeze();
        PartialResultsWriter.Write(directory, new RunResult
        {
            Verdict = Verdict.Pass,
            Started = DateTimeOffset.UtcNow,
            Fingerprint = (change ?? (f => f))(fingerprint),
            Metrics = registry,
            DurationSeconds = 30,
            Segment = segment,
        });
        return directory;
    }

    private async Task<RunResult> Merge(IReadOnlyList<string> directories)
    {
        using var interrupt = new RunInterrupt();
        return await MergeRunner.RunAsync(new MergeOptions { Directories = directories, ConfigPath = _config.Path, OutputDirectory = _config.OutputDirectory }, TextWriter.Null, interrupt);
    }
}
