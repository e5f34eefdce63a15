using System.CommandLine;
using Modulo.Perf.Engine.Gate;

namespace Modulo.Perf.Engine.Cli;

/// <summary>
/// <c>modulo-perf merge DIR... --config perfgate.json [--out DIR] [--baseline FILE] [--update-baseline]
/// [--allow-fingerprint-mismatch] [--wait-until TIME]</c>: one verdict from the partial results of a segmented test.
/// </summary>
internal static class MergeCommand
{
    private static readonly Argument<string[]> Directories = new("directories")
    {
        Description = "The output directories of the segments' runs (each with its partial.json).",
        Arity = ArgumentArity.OneOrMore,
    };
    private static readonly Option<string> Config = new("--config", "-c") { Description = "The perfgate.json the segments ran: its thresholds are evaluated over the merged load.", Required = true };
    private static readonly Option<string?> Out = new("--out") { Description = "Directory for the merged results.json and reports; default perf-results/ beside the config." };
    private static readonly Option<DateTimeOffset?> WaitUntil = new("--wait-until")
    {
        Description = "Wait until every directory holds its partial.json, at most until this RFC 3339 time (for a merge started beside the load, as in Kubernetes).",
        CustomParser = argument => RunCommand.ParseTime(argument, "--wait-until"),
    };

    public static Command Create(RunInterrupt interrupt)
    {
        var command = new Command("merge", "Merge the partial results of a segmented test into one run, judged like a run of the whole load.")
        {
            Directories, Config, Out, RunCommand.Baseline, RunCommand.UpdateBaseline, RunCommand.AllowFingerprintMismatch, WaitUntil,
        };
        command.SetAction(async parse =>
        {
            var options = new MergeOptions
            {
                Directories = parse.GetRequiredValue(Directories),
                ConfigPath = parse.GetRequiredValue(Config),
                OutputDirectory = RunOptions.ResolveOutputDirectory(parse.GetValue(Out), parse.GetRequiredValue(Config)),
                BaselinePath = parse.GetValue(RunCommand.Baseline),
                UpdateBaseline = parse.GetValue(RunCommand.UpdateBaseline),
                AllowFingerprintMismatch = parse.GetValue(RunCommand.AllowFingerprintMismatch),
                WaitUntil = parse.GetValue(WaitUntil),
            };
            var result = await MergeRunner.RunAsync(options, Console.Error, interrupt).ConfigureAwait(false);
            RunCommand.PrintSummary(result, options.OutputDirectory);
            return result.ExitCode;
        });
        return command;
    }
}
