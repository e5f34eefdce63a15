using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json;
using Modulo.Perf.Engine.Reporting;

namespace Modulo.Perf.Engine.Tests.Infrastructure;

/// <summary>
/// The real command running as its own process (<c>dotnet modulo-perf.dll run --config ... --out ...</c>), for exit
/// codes, files and signals. Killed with its children if it outlives its wait.
/// </summary>
public sealed class EngineProcess : IDisposable
{
    private readonly Process _process;
    private readonly Task<string> _stdout;
    private readonly Task<string> _stderr;
    private readonly TempConfig _config;

    private EngineProcess(TempConfig config, Process process)
    {
        _config = config;
        _process = process;
        _stdout = process.StandardOutput.ReadToEndAsync();
        _stderr = process.StandardError.ReadToEndAsync();
    }

    public static EngineProcess Start(TempConfig config, IReadOnlyDictionary<string, string>? environment, params string[] args) =>
        Start(config, environment, fileLimit: null, args);

    /// <param name="fileLimit">When set, the soft and hard limit of open files (<c>ulimit -n</c>) the engine runs under.</param>
    public static EngineProcess Start(TempConfig config, IReadOnlyDictionary<string, string>? environment, int? fileLimit, params string[] args)
    {
        var start = new ProcessStartInfo(fileLimit is null ? "dotnet" : "/bin/sh")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        if (fileLimit is { } limit)
        {
            foreach (var arg in new[] { "-c", $"ulimit -n {limit} && exec \"$@\"", "sh", "dotnet" })
            {
                start.ArgumentList.Add(arg);
            }
        }
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "modulo-perf.dll"));
        foreach (var arg in new[] { "run", "--config", config.Path, "--out", config.OutputDirectory }.Concat(args))
        {
            start.ArgumentList.Add(arg);
        }
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }
        return new EngineProcess(config, Process.Start(start)!);
    }

    /// <summary>Sends a POSIX signal (2 SIGINT, 15 SIGTERM) as a terminal or <c>kill</c> would.</summary>
    public void Signal(int signal)
    {
        if (Kill(_process.Id, signal) != 0)
        {
            throw new InvalidOperationException($"kill({_process.Id}, {signal}) failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    public async Task<(int ExitCode, JsonDocument? Results, string Output)> WaitAsync(TimeSpan? timeout = null)
    {
        using var limit = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(2));
        try
        {
            await _process.WaitForExitAsync(limit.Token);
        }
        finally
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        var resultsPath = Path.Combine(_config.OutputDirectory, ResultsJsonWriter.FileName);
        var results = File.Exists(resultsPath) ? JsonDocument.Parse(File.ReadAllText(resultsPath)) : null;
        return (_process.ExitCode, results, await _stdout + await _stderr);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
        _process.Dispose();
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
