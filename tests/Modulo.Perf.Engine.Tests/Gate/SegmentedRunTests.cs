using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Modulo.Perf.Engine.Reporting;
using Modulo.Perf.Engine.Tests.Infrastructure;

namespace Modulo.Perf.Engine.Tests.Gate;

/// <summary>
/// Segmented runs end to end: N engine processes on this machine stand in for N pods or CI jobs, each running its
/// segment against one loopback server, and <c>modulo-perf merge</c> turns their partial results into one run.
/// </summary>
[Collection(TimingSensitive.Name)]
public class SegmentedRunTests
{
    [Fact]
    public async Task Four_segments_of_constant_arrival_rate_run_exactly_the_iterations_of_one_unsegmented_run_with_unique_vu_numbers()
    {
        var hits = new ConcurrentBag<string>();
        await using var server = await LoopbackServer.StartAsync(app =>
            app.MapGet("/hit/{vu}/{seq}", (string vu, string seq) => { hits.Add($"{vu}-{seq}"); return Results.Ok(); }));
        // 50 per second for 4 s: iterations 0..199 are due; every one must run on exactly one segment.
        using var config = new TempConfig($$"""
            {
              "baseUrl": "{{server.BaseUrl}}",
              "scenarios": { "s": { "steps": [ { "name": "hit", "method": "GET", "path": "/hit/{vu}/{seq}" } ] } },
              "profiles": { "open": { "executor": "constant-arrival-rate", "rate": 50, "timeUnit": "1s", "duration": "4s", "preAllocatedVUs": 8, "maxVUs": 200 } },
              "profile": "open",
              "thresholds": { "http_req_failed": ["rate<0.01"] }
            }
            """);
        var startAt = DateTimeOffset.UtcNow.AddSeconds(8).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var segments = Enumerable.Range(1, 4).Select(i => Path.Combine(config.Directory, $"segment-{i}")).ToList();

        var runs = await Task.WhenAll(segments.Select((directory, i) => Infrastructure.Engine.CommandAsync(
            directory, ["run", "--config", config.Path, "--out", directory, "--segment", $"{i + 1}/4", "--start-at", startAt])));
        var segmentedHits = hits.ToList();
        hits.Clear();
        var merged = Path.Combine(config.Directory, "merged");
        var (mergeExit, mergedResults, mergeOutput) = await Infrastructure.Engine.CommandAsync(merged, ["merge", .. segments, "--config", config.Path, "--out", merged]);
        var (wholeExit, wholeResults, _) = await Infrastructure.Engine.RunProcessAsync(config);

        Assert.All(runs, run => Assert.True(run.ExitCode == 0, run.Output));
        Assert.True(mergeExit == 0, mergeOutput);
        Assert.Equal(0, wholeExit);
        long Count(System.Text.Json.JsonDocument results, string metric) =>
            results.RootElement.GetProperty("metrics").GetProperty(metric).GetProperty("count").GetInt64();
        // What each schedule started: iterations run plus iterations dropped for want of an idle VU (with 50 VUs a
        // segment for 12.5 iterations/s, none are dropped unless the machine stalls for seconds).
        long Started(System.Text.Json.JsonDocument results) => Count(results, "iterations") + Count(results, "dropped_iterations");
        Assert.Equal([50L, 50, 50, 50], runs.Select(run => Started(run.Results!)));
        Assert.Equal(200, Started(mergedResults!));
        Assert.Equal(200, Started(wholeResults!));
        Assert.Equal((0, 0), (Count(mergedResults!, "dropped_iterations"), Count(wholeResults!, "dropped_iterations")));
        Assert.Equal(Count(wholeResults!, "iterations"), Count(mergedResults!, "iterations"));
        Assert.Equal("1/4:1/2", runs[1].Results!.RootElement.GetProperty("run").GetProperty("segment").GetString());
        Assert.False(mergedResults!.RootElement.GetProperty("run").TryGetProperty("segment", out _));
        // {vu}-{seq} names each iteration of the whole test once, across the four processes.
        Assert.Equal(200, segmentedHits.Count);
        Assert.Equal(200, segmentedHits.Distinct().Count());
    }

    [Fact]
    public async Task A_segment_reports_its_failed_threshold_but_exits_0_and_the_merge_gates_with_2()
    {
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/", async () => { await Task.Delay(20); return Results.Ok(); }));
        using var config = new TempConfig($$"""
            {
              "baseUrl": "{{server.BaseUrl}}",
              "scenarios": { "s": { "steps": [ { "method": "GET", "path": "/" } ] } },
              "profiles": { "closed": { "executor": "constant-vus", "vus": 2, "duration": "2s" } },
              "profile": "closed",
              "thresholds": { "http_req_duration": ["p(95)<1"] }
            }
            """);
        var segments = Enumerable.Range(1, 2).Select(i => Path.Combine(config.Directory, $"segment-{i}")).ToList();

        var runs = await Task.WhenAll(segments.Select((directory, i) => Infrastructure.Engine.CommandAsync(
            directory, ["run", "--config", config.Path, "--out", directory, "--segment", $"{i + 1}/2"])));
        var merged = Path.Combine(config.Directory, "merged");
        var (exitCode, results, output) = await Infrastructure.Engine.CommandAsync(merged, ["merge", .. segments, "--config", config.Path, "--out", merged]);

        Assert.All(runs, run => Assert.True(run.ExitCode == 0 && run.Results!.RootElement.GetProperty("verdict").GetString() == "slo_violation", run.Output));
        Assert.True(exitCode == 2, output);
        Assert.Equal("slo_violation", results!.RootElement.GetProperty("verdict").GetString());
    }

    [Fact]
    public async Task A_killed_segment_makes_the_merge_fail_naming_it()
    {
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/", () => Results.Ok()));
        using var config = new TempConfig($$"""
            {
              "baseUrl": "{{server.BaseUrl}}",
              "scenarios": { "s": { "steps": [ { "method": "GET", "path": "/" } ] } },
              "profiles": { "closed": { "executor": "constant-vus", "vus": 3, "duration": "2s" } },
              "profile": "closed"
            }
            """);
        var segments = Enumerable.Range(1, 3).Select(i => Path.Combine(config.Directory, $"segment-{i}")).ToList();
        string[] Run(int i) => ["run", "--config", config.Path, "--out", segments[i], "--segment", $"{i + 1}/3"];

        using (var doomed = Infrastructure.Engine.Start([.. Run(1), "--duration", "60s"]))
        {
            var finished = await Task.WhenAll(Infrastructure.Engine.CommandAsync(segments[0], Run(0)), Infrastructure.Engine.CommandAsync(segments[2], Run(2)));
            Assert.All(finished, run => Assert.True(run.ExitCode == 0, run.Output));
            doomed.Kill(entireProcessTree: true);
            await doomed.WaitForExitAsync();
        }
        var merged = Path.Combine(config.Directory, "merged");
        var (exitCode, results, output) = await Infrastructure.Engine.CommandAsync(merged, ["merge", .. segments, "--config", config.Path, "--out", merged]);

        Assert.Equal(3, exitCode);
        Assert.False(File.Exists(Path.Combine(segments[1], PartialResultsWriter.FileName)));
        Assert.Contains("segment 2 of 3 (1/3:2/3) is missing", output);
        Assert.Equal("invalid_configuration", results!.RootElement.GetProperty("verdict").GetString());
    }
}
