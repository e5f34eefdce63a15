using System.CommandLine;
using Modulo.Perf.Engine.Cli;

// Exit codes (Cli/ExitCodes.cs): 0 pass, 1 regression, 2 SLO violated, 3 invalid configuration or arguments,
// 4 target unreachable.
var root = new RootCommand("modulo-perf: load tests that gate builds on SLOs and regressions.")
{
    RunCommand.Create(),
};
var parse = root.Parse(args);
if (parse.Errors.Count > 0)
{
    foreach (var error in parse.Errors)
    {
        Console.Error.WriteLine($"error: {error.Message}");
    }
    Console.Error.WriteLine("Run 'modulo-perf run --help' for usage.");
    return ExitCodes.InvalidConfiguration;
}
return await parse.InvokeAsync();
