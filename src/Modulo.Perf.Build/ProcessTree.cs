using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Modulo.Perf.Build;

/// <summary>
/// Stops a process and everything it started. The children are listed BEFORE the root is signalled:
/// once the root exits, its orphans are re-parented and can no longer be found from it.
/// </summary>
public static partial class ProcessTree
{
    private const int SigTerm = 15;
    private const int SigKill = 9;
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(10);

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);

    /// <summary>Asks the tree to stop (SIGTERM), waits up to <paramref name="grace"/>, then kills what is left.</summary>
    public static void Stop(Process root, TimeSpan grace)
    {
        if (!OperatingSystem.IsLinux())
        {
            // Elsewhere there is no portable graceful signal; .NET walks and kills the tree itself.
            KillTree(root);
            return;
        }
        var members = Descendants(root.Id).Prepend(root.Id).ToList();
        foreach (var pid in members)
        {
            Kill(pid, SigTerm);
        }
        var deadline = Stopwatch.StartNew();
        // The root is the gate's own child: waiting on it returns the moment it exits, where a poll would add up to
        // its interval to every stop. Its descendants are not, so whatever outlives the root is polled, briefly.
        root.WaitForExit(grace);
        while (deadline.Elapsed < grace && members.Any(IsAlive))
        {
            Thread.Sleep(PollInterval);
        }
        foreach (var pid in members.Where(IsAlive))
        {
            Kill(pid, SigKill);
        }
        root.WaitForExit(5_000);
    }

    private static void KillTree(Process root)
    {
        try
        {
            root.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
        root.WaitForExit(5_000);
    }

    /// <summary>A process is alive until it is reaped; a zombie (state Z) has already stopped.</summary>
    private static bool IsAlive(int pid)
    {
        var stat = ReadStat(pid);
        return stat is not null && stat.Value.State != 'Z';
    }

    /// <summary>All descendants of <paramref name="rootPid"/>, from the parent links in /proc/*/stat.</summary>
    public static IReadOnlyList<int> Descendants(int rootPid)
    {
        var childrenByParent = new Dictionary<int, List<int>>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid) || ReadStat(pid) is not { } stat)
            {
                continue;
            }
            if (!childrenByParent.TryGetValue(stat.ParentPid, out var children))
            {
                childrenByParent[stat.ParentPid] = children = [];
            }
            children.Add(pid);
        }
        var result = new List<int>();
        var pending = new Queue<int>([rootPid]);
        while (pending.TryDequeue(out var parent))
        {
            foreach (var child in childrenByParent.GetValueOrDefault(parent) ?? [])
            {
                result.Add(child);
                pending.Enqueue(child);
            }
        }
        return result;
    }

    private static (char State, int ParentPid)? ReadStat(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
        // "pid (comm) state ppid ...": comm may contain spaces and parentheses, so parse after the last ')'.
        var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        return (fields[0][0], int.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture));
    }
}
