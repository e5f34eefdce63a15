using System.Diagnostics;
using System.Text.Json;
using Modulo.Perf.Engine.Baselines;
using Modulo.Perf.Engine.Gate;
using Modulo.Perf.Engine.Outcome;

namespace Modulo.Perf.Engine.Tests.Infrastructure;

/// <summary>Runs the engine in-process (for metrics) or as the real command (for exit codes and files).</summary>
public static class Engine
{
    /// <summary>Runs <c>compare</c> in-process: the config's load against two targets in interleaved rounds.</summary>
    public static async Task<RunResult> CompareAsync(
        TempConfig config, Uri baseUrl, Uri headUrl, int rounds, TimeSpan roundDuration, Func<CompareOptions, CompareOptions>? adjust = null)
    {
        using var interrupt = new RunInterrupt();
        return await CompareRunner.RunAsync(
            (adjust ?? (o => o))(new CompareOptions
            {
                Load = new RunOptions { ConfigPath = config.Path, OutputDirectory = config.OutputDirectory },
                BaseUrl = baseUrl.ToString(),
                HeadUrl = headUrl.ToString(),
                Rounds = rounds,
                RoundDuration = roundDuration,
            }),
            TextWriter.Null,
            interrupt);
    }

    /// <summary>
    /// Records as many runs as the baseline needs before it may call a regression
    /// (<see cref="BaselineComparer.MinRunsForSpread"/>); none of them can be a regression, so each must pass.
    /// A baseline is recorded on a quiet machine, and this one is shared with the tests running beside: when one of
    /// them stalls the process during a baseline run (a p95 hundreds of milliseconds above the others'), that run's
    /// range rightly hides the change a test makes next, so the baseline is recorded anew, up to three times.
    /// </summary>
    public static Task RecordBaselineAsync(TempConfig config) =>
        RecordSequenceAsync(config, BaselineComparer.MinRunsForSpread, runs =>
        {
            Assert.All(runs, run => Assert.Equal(Verdict.Pass, run.Verdict));
            return RunsAgree(BaselineStore.Read(config.BaselinePath)!);
        });

    /// <summary>
    /// <paramref name="count"/> runs recorded into the config's baseline, from an empty one: the sequence is voided
    /// and recorded anew, up to three times, while <paramref name="steady"/> finds a neighbour's stall in it.
    /// </summary>
    public static async Task<IReadOnlyList<RunResult>> RecordSequenceAsync(TempConfig config, int count, Func<IReadOnlyList<RunResult>, bool> steady)
    {
        for (var attempt = 1; ; attempt++)
        {
            var runs = new List<RunResult>();
            for (var run = 0; run < count; run++)
            {
                runs.Add(await RunAsync(config, o => o with { UpdateBaseline = true }));
            }
            if (attempt == 3 || steady(runs))
            {
                return runs;
            }
            File.Delete(config.BaselinePath);
        }
    }

    /// <summary>Whether every latency p95 of the stored runs is within half again (plus 5 ms) of the lowest.</summary>
    private static bool RunsAgree(BaselineFile baseline) => baseline.History
        .SelectMany(run => run.Suites.SelectMany(suite => suite.Value.Latency.Select(latency => (Metric: (suite.Key, latency.Key), latency.Value.P95))))
        .GroupBy(sample => sample.Metric, sample => sample.P95)
        .All(p95s => p95s.Max() <= p95s.Min() * 1.5 + 5);

    public static async Task<RunResult> RunAsync(TempConfig config, Func<RunOptions, RunOptions>? adjust = null)
    {
        using var interrupt = new RunInterrupt();
        return await GateRunner.RunAsync(
            (adjust ?? (o => o))(new RunOptions { ConfigPath = config.Path, OutputDirectory = config.OutputDirectory }),
            TextWriter.Null,
            interrupt);
    }

    /// <summary>Runs <c>dotnet modulo-perf.dll run --config ... --out ...</c> and returns its exit code and results.json.</summary>
    public static Task<(int ExitCode, JsonDocument? Results, string Output)> RunProcessAsync(TempConfig config, params string[] args) =>
        CommandProcessAsync("run", config, args);

    /// <summary>Runs <c>dotnet modulo-perf.dll COMMAND --config ... --out ...</c> and returns its exit code and results.json.</summary>
    public static Task<(int ExitCode, JsonDocument? Results, string Output)> CommandProcessAsync(string command, TempConfig config, params string[] args) =>
        CommandAsync(config.OutputDirectory, [command, "--config", config.Path, "--out", config.OutputDirectory, .. args]);

    /// <summary>
    /// Runs <c>dotnet modulo-perf.dll</c> with any arguments (a segment's run, a merge) and returns its exit code
    /// and the results.json it wrote into <paramref name="outputDirectory"/>.
    /// </summary>
    public static async Task<(int ExitCode, JsonDocument? Results, string Output)> CommandAsync(string outputDirectory, IEnumerable<string> args)
    {
        using var process = new EngineProcess(Start(args), outputDirectory);
        return await process.WaitAsync();
    }

    /// <summary>Runs <c>dotnet modulo-perf.dll</c> with exactly <paramref name="args"/> in <paramref name="workingDirectory"/>.</summary>
    public static async Task<(int ExitCode, string Output)> RunCommandAsync(string workingDirectory, params string[] args)
    {
        using var process = new EngineProcess(Start(args, workingDirectory), outputDirectory: null);
        var (exitCode, _, output) = await process.WaitAsync();
        return (exitCode, output);
    }

    /// <summary>Starts <c>dotnet modulo-perf.dll</c> with its output redirected; the caller reads, waits for or kills it.</summary>
    /// <param name="fileLimit">When set, the soft and hard limit of open files (<c>ulimit -n</c>) the engine runs under.</param>
    public static Process Start(
        IEnumerable<string> args, string? workingDirectory = null, IReadOnlyDictionary<string, string>? environment = null, int? fileLimit = null)
    {
        var start = new ProcessStartInfo(fileLimit is null ? "dotnet" : "/bin/sh")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory ?? Directory.GetCurrentDirectory(),
        };
        if (fileLimit is { } limit)
        {
            foreach (var arg in new[] { "-c", $"ulimit -n {limit} && exec \"$@\"", "sh", "dotnet" })
            {
                start.ArgumentList.Add(arg);
            }
        }
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "modulo-perf.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }
        return Process.Start(start)!;
    }
}
