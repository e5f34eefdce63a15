using System.Runtime.InteropServices;
using Modulo.Perf.Engine.Execution.Executors;
using Modulo.Perf.Engine.Scenarios;

namespace Modulo.Perf.Engine.Execution;

/// <summary>
/// Makes sure a run can open the connections it plans. Out of file descriptors the runtime does not fail a
/// connect politely: it may abort the whole process ("Out of memory.", exit 134). So on Linux the soft limit is
/// raised to the hard one (as a process may do without privileges), and a plan that still does not fit is refused
/// before any load, with the numbers.
/// </summary>
internal static class FileDescriptorBudget
{
    /// <summary>Descriptors kept for what the run opens besides connections: assemblies, reports, the baseline.</summary>
    private const int Reserve = 64;

    private const int RlimitNoFile = 7;

    /// <summary>Null when the plan fits (or the platform has no such limit); otherwise why it does not.</summary>
    public static string? FindProblem(LoadPlan plan)
    {
        if (!OperatingSystem.IsLinux() || RaiseSoftLimit() is not { } limit)
        {
            return null;
        }
        // One HTTP connection per VU when a scenario sends HTTP requests (it is opened lazily, so a WebSocket-only
        // run has none), and one WebSocket connection when a scenario opens one.
        var maxVus = Executor.Create(plan.Profile).MaxVus;
        var perVu = (plan.Scenarios.Any(s => s.Steps.Any(step => step is HttpStepDefinition)) ? 1 : 0)
                    + (plan.Scenarios.Any(s => s.Steps.Any(step => step is WebSocketStepDefinition)) ? 1 : 0);
        var planned = (long)maxVus * perVu;
        var open = Directory.GetFiles("/proc/self/fd").Length;
        var needed = planned + open + Reserve;
        return needed <= limit
            ? null
            : $"the run plans up to {planned} connections ({maxVus} VUs × {perVu}) but this process may open only {limit} files " +
              $"({open} are open already and {Reserve} are kept for the engine): raise the limit (ulimit -n {needed}) or run fewer VUs";
    }

    /// <summary>Raises the soft RLIMIT_NOFILE to the hard limit; returns the soft limit now, null when unlimited or unknown.</summary>
    private static long? RaiseSoftLimit()
    {
        if (GetLimit(RlimitNoFile, out var limit) != 0)
        {
            return null;
        }
        if (limit.Current < limit.Maximum)
        {
            var raised = limit with { Current = limit.Maximum };
            if (SetLimit(RlimitNoFile, ref raised) == 0)
            {
                limit = raised;
            }
        }
        return limit.Current >= long.MaxValue ? null : (long)limit.Current;
    }

    [StructLayout(LayoutKind.Sequential)]
    private record struct ResourceLimit(ulong Current, ulong Maximum);

    [DllImport("libc", EntryPoint = "getrlimit", SetLastError = true)]
    private static extern int GetLimit(int resource, out ResourceLimit limit);

    [DllImport("libc", EntryPoint = "setrlimit", SetLastError = true)]
    private static extern int SetLimit(int resource, ref ResourceLimit limit);
}
