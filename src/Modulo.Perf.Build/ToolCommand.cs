using System.ComponentModel;

namespace Modulo.Perf.Build;

/// <summary>A short command the gate runs to its end (git, dotnet build), with every output line kept for the message it may need.</summary>
public static class ToolCommand
{
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(5);

    public sealed record Result(int ExitCode, IReadOnlyList<string> Lines)
    {
        public string Output => string.Join(Environment.NewLine, Lines);
    }

    /// <summary>
    /// Runs the command; a command that cannot start throws <see cref="GateSetupException"/> with
    /// <paramref name="failureCode"/>, and a cancelled one is stopped and throws <see cref="OperationCanceledException"/>.
    /// </summary>
    public static Result Run(string fileName, IReadOnlyList<string> arguments, string workingDirectory, string failureCode, CancellationToken cancellation)
    {
        ChildProcess process;
        try
        {
            process = ChildProcess.Start(fileName, arguments, workingDirectory, new Dictionary<string, string>(), StopGrace, forwardLines: true);
        }
        catch (Win32Exception e)
        {
            throw new GateSetupException(failureCode, $"'{fileName}' could not be started: {e.Message}");
        }
        using (process)
        {
            var lines = new List<string>();
            if (!process.RunToExit(lines.Add, cancellation))
            {
                throw new OperationCanceledException(cancellation);
            }
            return new Result(process.ExitCode, lines);
        }
    }
}
