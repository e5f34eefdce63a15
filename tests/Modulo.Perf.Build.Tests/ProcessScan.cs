using System.Text;

namespace Modulo.Perf.Build.Tests;

/// <summary>Finds processes by a marker in their command line (/proc/PID/cmdline), e.g. a test's temp folder.</summary>
public static class ProcessScan
{
    public sealed record Match(int Pid, string CommandLine);

    public static IReadOnlyList<Match> WithMarker(string marker, string? alsoContaining = null)
    {
        var matches = new List<Match>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid) || pid == Environment.ProcessId)
            {
                continue;
            }
            string commandLine;
            try
            {
                commandLine = Encoding.UTF8.GetString(File.ReadAllBytes(Path.Combine(directory, "cmdline"))).Replace('\0', ' ').Trim();
            }
            catch (IOException)
            {
                continue;
            }
            catch (UnauthorizedAccessException)
            {
                continue;
            }
            if (commandLine.Contains(marker, StringComparison.Ordinal) && (alsoContaining is null || commandLine.Contains(alsoContaining, StringComparison.Ordinal)))
            {
                matches.Add(new Match(pid, commandLine));
            }
        }
        return matches;
    }

    /// <summary>Polls until no process carries the marker; returns the survivors when the time is up.</summary>
    public static async Task<IReadOnlyList<Match>> WaitUntilGoneAsync(string marker, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        IReadOnlyList<Match> survivors;
        while ((survivors = WithMarker(marker)).Count > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
        }
        return survivors;
    }
}
