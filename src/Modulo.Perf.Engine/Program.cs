using System.CommandLine;
using Modulo.Perf.Engine.Cli;
using Modulo.Perf.Engine.Outcome;

// Exit codes (Cli/ExitCodes.cs): 0 pass, 1 regression, 2 SLO violated, 3 invalid configuration or arguments,
// 4 target unreachable.
// Socket completions run the engine's short per-response work (timing, recording, captures) on the socket's own
// thread instead of hopping to the thread pool for every response: about 1.25x the requests/s at 50 VUs on two
// cores (docs/performance.md). Nothing on that path blocks. A value the user set wins.
const string InlineCompletions = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";
if (Environment.GetEnvironmentVariable(InlineCompletions) is null)
{
    Environment.SetEnvironmentVariable(InlineCompletions, "1");
}

var root = new RootCommand("modulo-perf: load tests that gate builds on SLOs and regressions.")
{
    RunCommand.Create(),
    InitCommand.Create(),
    RunCommand.CreateValidate(),
    MergeCommand.Create(),
    KubernetesCommand.Create(),
    CompareCommand.Create(),
};
var parse = root.Parse(args);
if (parse.Errors.Count > 0)
{
    foreach (var error in parse.Errors)
    {
        Console.Error.WriteLine($"error: {error.Message}");
    }
    Console.Error.WriteLine("Run 'modulo-perf --help' for the commands, and 'modulo-perf COMMAND --help' for their options.");
    return ExitCodes.InvalidConfiguration;
}
return await parse.InvokeAsync();
