using System.Text.Json;
using Modulo.Perf.Engine.Gate;
using Modulo.Perf.Engine.Outcome;

namespace Modulo.Perf.Engine.Tests.Infrastructure;

/// <summary>Runs the engine in-process (for metrics) or as the real command (for exit codes and files).</summary>
public static class Engine
{
    public static async Task<RunResult> RunAsync(TempConfig config, Func<RunOptions, RunOptions>? adjust = null)
    {
        using var interrupt = new RunInterrupt();
        return await GateRunner.RunAsync(
            (adjust ?? (o => o))(new RunOptions { ConfigPath = config.Path, OutputDirectory = config.OutputDirectory }),
            TextWriter.Null,
            interrupt);
    }

    /// <summary>Runs <c>dotnet modulo-perf.dll run --config ... --out ...</c> and returns its exit code and results.json.</summary>
    public static async Task<(int ExitCode, JsonDocument? Results, string Output)> RunProcessAsync(TempConfig config, params string[] args)
    {
        using var process = EngineProcess.Start(config, environment: null, args);
        return await process.WaitAsync();
    }
}
