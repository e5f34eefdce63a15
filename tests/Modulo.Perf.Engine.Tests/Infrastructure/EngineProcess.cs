using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json;
using Modulo.Perf.Engine.Reporting;

namespace Modulo.Perf.Engine.Tests.Infrastructure;

/// <summary>
/// The real command running as its own process (<see cref="Engine.Start"/>), for exit codes, files and signals.
/// Killed with its children if it outlives its wait.
/// </summary>
public sealed class EngineProcess : IDisposable
{
    private readonly Process _process;
    private readonly Task<string> _stdout;
    private readonly Task<string> _stderr;
    private readonly string? _outputDirectory;

    /// <param name="outputDirectory">Where the command writes results.json; null for a command that writes none.</param>
    public EngineProcess(Process process, string? outputDirectory)
    {
        _outputDirectory = outputDirectory;
        _process = process;
        _stdout = process.StandardOutput.ReadToEndAsync();
        _stderr = process.StandardError.ReadToEndAsync();
    }

    public static EngineProcess Start(TempConfig config, IReadOnlyDictionary<string, string>? environment, params string[] args) =>
        Start(config, environment, fileLimit: null, args);

    /// <param name="fileLimit">When set, the soft and hard limit of open files (<c>ulimit -n</c>) the engine runs under.</param>
    public static EngineProcess Start(TempConfig config, IReadOnlyDictionary<string, string>? environment, int? fileLimit, params string[] args) =>
        new(Engine.Start(["run", "--config", config.Path, "--out", config.OutputDirectory, .. args], environment: environment, fileLimit: fileLimit),
            config.OutputDirectory);

    /// <summary>The engine's process id (for <c>prlimit</c> and <c>/proc</c>).</summary>
    public int Id => _process.Id;

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
        var resultsPath = _outputDirectory is null ? null : Path.Combine(_outputDirectory, ResultsJsonWriter.FileName);
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
