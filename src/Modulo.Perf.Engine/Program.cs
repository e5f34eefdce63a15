using System.CommandLine;
using Modulo.Perf.Engine.Cli;
using Modulo.Perf.Engine.Gate;
using Modulo.Perf.Engine.Outcome;

// Exit codes (Outcome/ExitCodes.cs): 0 pass, 1 regression, 2 SLO violated, 3 invalid configuration or arguments,
// 4 target unreachable, 5 internal error, 130/143 interrupted by SIGINT/SIGTERM.
// Socket completions run the engine's short per-response work (timing, recording, captures) on the socket's own
// thread instead of hopping to the thread pool for every response: about 1.25x the requests/s at 50 VUs on two
// cores (docs/performance.md). Nothing on that path blocks. A value the user set wins.
const string InlineCompletions = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";
if (Environment.GetEnvironmentVariable(InlineCompletions) is null)
{
    Environment.SetEnvironmentVariable(InlineCompletions, "1");
}

// Trapped first, so a signal during argument parsing or configuration loading is an interrupted run too.
using var interrupt = new RunInterrupt();
using var signals = new SignalTrap(interrupt);
try
{
    var root = new RootCommand("modulo-perf: load tests that gate builds on SLOs and regressions.")
    {
        RunCommand.Create(interrupt),
        InitCommand.Create(),
        RunCommand.CreateValidate(),
        MergeCommand.Create(interrupt),
        KubernetesCommand.Create(),
        CompareCommand.Create(interrupt),
    };
    var parse = root.Parse(args);
    if (parse.Errors.Count > 0)
    {
        return RunCommand.RejectArguments(parse);
    }
    // The command handles signals itself (SignalTrap) and reports its own failures (exit 5).
    return await parse.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null, EnableDefaultExceptionHandler = false });
}
catch (Exception e)
{
    Console.Error.WriteLine($"error: internal error of modulo-perf (please report it): {e}");
    return ExitCodes.InternalError;
}
