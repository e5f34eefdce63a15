using System.Diagnostics;
using System.Text.Json;
using Modulo.Perf.Engine.Gate;
using Modulo.Perf.Engine.Outcome;
using Modulo.Perf.Engine.Reporting;

namespace Modulo.Perf.Engine.Tests.Infrastructure;

/// <summary>Runs the engine in-process (for metrics) or as the real command (for exit codes and files).</summary>
public static class Engine
{
    public static Task<RunResult> RunAsync(TempConfig config, Func<RunOptions, RunOptions>? adjust = null) =>
        GateRunner.RunAsync(
            (adjust ?? (o => o))(new RunOptions { ConfigPath = config.Path, OutputDirectory = config.OutputDirectory }),
            TextWriter.Null,
            CancellationToken.None);

    /// <summary>Runs <c>dotnet modulo-perf.dll run --config ... --out ...</c> and returns its exit code and results.json.</summary>
    public static async Task<(int ExitCode, JsonDocument? Results, string Output)> RunProcessAsync(TempConfig config, params string[] args)
    {
        var (exitCode, output) = await RunCommandAsync(Directory.GetCurrentDirectory(), ["run", "--config", config.Path, "--out", config.OutputDirectory, .. args]);
        var resultsPath = Path.Combine(config.OutputDirectory, ResultsJsonWriter.FileName);
        var results = File.Exists(resultsPath) ? JsonDocument.Parse(File.ReadAllText(resultsPath)) : null;
        return (exitCode, results, output);
    }

    /// <summary>Runs <c>dotnet modulo-perf.dll</c> with exactly <paramref name="args"/> in <paramref name="workingDirectory"/>.</summary>
    public static async Task<(int ExitCode, string Output)> RunCommandAsync(string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "modulo-perf.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        return (process.ExitCode, await stdout + await stderr);
    }
}
