using System.Collections.Concurrent;
using System.Diagnostics;

namespace Modulo.Perf.Build;

/// <summary>
/// A process the gate started (the service, the engine, docker compose). Its stdout and stderr lines
/// go to a tail kept for error messages and, when forwarded, to a queue that the task's own thread
/// drains, so logging never happens on a pipe-reader thread. Disposing stops the whole process tree.
/// </summary>
public sealed class ChildProcess : IDisposable
{
    private readonly Process _process;
    private readonly BlockingCollection<string> _lines = new();
    private readonly TimeSpan _stopGrace;
    private readonly bool _forwardLines;
    private int _openStreams = 2;

    public OutputTail Tail { get; } = new(20);

    private ChildProcess(Process process, TimeSpan stopGrace, bool forwardLines)
    {
        _process = process;
        _stopGrace = stopGrace;
        _forwardLines = forwardLines;
    }

    /// <summary>Starts <paramref name="fileName"/>; throws <see cref="System.ComponentModel.Win32Exception"/> when it cannot.</summary>
    /// <param name="forwardLines">Queue every line for <see cref="RunToExit"/>; off for a service whose output is only quoted on failure.</param>
    public static ChildProcess Start(
        string fileName,
        IEnumerable<string> arguments,
        string workingDirectory,
        IReadOnlyDictionary<string, string> environment,
        TimeSpan stopGrace,
        bool forwardLines)
    {
        var startInfo = new ProcessStartInfo(fileName, arguments)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var (key, value) in environment)
        {
            startInfo.Environment[key] = value;
        }
        var process = new Process { StartInfo = startInfo };
        var child = new ChildProcess(process, stopGrace, forwardLines);
        process.OutputDataReceived += (_, e) => child.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => child.OnLine(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>
    /// Hands each forwarded line to <paramref name="onLine"/> on the calling thread until the process has
    /// exited and its output is drained. Returns false, leaving the process running, when cancelled.
    /// </summary>
    public bool RunToExit(Action<string> onLine, CancellationToken cancellation)
    {
        while (!_lines.IsCompleted)
        {
            try
            {
                if (_lines.TryTake(out var line, 200, cancellation))
                {
                    onLine(line);
                }
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }
        _process.WaitForExit();
        return true;
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            // Each stream ends with a null line; the queue is complete when both have.
            if (Interlocked.Decrement(ref _openStreams) == 0)
            {
                _lines.CompleteAdding();
            }
            return;
        }
        Tail.Add(line);
        if (_forwardLines)
        {
            _lines.Add(line);
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            ProcessTree.Stop(_process, _stopGrace);
        }
        // The queue is not disposed: a pipe-reader thread may still hand over a last line.
        _process.Dispose();
    }
}
