using System.CommandLine;
using Modulo.Perf.Engine.Gate;
using Modulo.Perf.Engine.Outcome;

namespace Modulo.Perf.Engine.Cli;

/// <summary>
/// <c>modulo-perf compare --config perfgate.json --base URL --head URL [--rounds N] [--round-duration 1s]
/// [--suite NAME]... [--scenario NAME]... [--profile NAME] [--vus N] [--out DIR]</c>: interleaved A/B rounds
/// against two running builds (docs/baselines.md).
/// </summary>
internal static class CompareCommand
{
    private static readonly Option<string> Base = new("--base") { Description = "URL of the base build (A), e.g. the PR's base commit.", Required = true };
    private static readonly Option<string> Head = new("--head") { Description = "URL of the build under test (B); the SLOs are judged on it alone.", Required = true };
    private static readonly Option<int?> Rounds = new("--rounds")
    {
        Description = "Measured rounds per side (at least 8 for a 99 % interval), after one warm-up round each; default one per second of the profile's duration, 12 to 60.",
    };
    private static readonly Option<TimeSpan?> RoundDuration = new("--round-duration")
    {
        Description = "Length of each round such as 2s; default the profile's duration divided by --rounds (at least 1 s).",
        CustomParser = RunCommand.ParseDuration,
    };

    public static Command Create(RunInterrupt interrupt)
    {
        var command = new Command("compare", "Compare a build with its base in interleaved rounds on this machine, and judge the head's SLOs.")
        {
            // The load options are run's own instances: one definition, one description.
            RunCommand.Config, Base, Head, Rounds, RoundDuration, RunCommand.Suites, RunCommand.Scenarios, RunCommand.Profile, RunCommand.Vus, RunCommand.Out,
        };
        command.SetAction(async parse =>
        {
            var options = new CompareOptions
            {
                Load = new RunOptions
                {
                    ConfigPath = parse.GetRequiredValue(RunCommand.Config),
                    Suites = parse.GetValue(RunCommand.Suites) ?? [],
                    Scenarios = parse.GetValue(RunCommand.Scenarios) ?? [],
                    Profile = parse.GetValue(RunCommand.Profile),
                    Vus = parse.GetValue(RunCommand.Vus),
                    OutputDirectory = parse.GetValue(RunCommand.Out),
                },
                BaseUrl = parse.GetRequiredValue(Base),
                HeadUrl = parse.GetRequiredValue(Head),
                Rounds = parse.GetValue(Rounds),
                RoundDuration = parse.GetValue(RoundDuration),
            };
            var result = await CompareRunner.RunAsync(options, Console.Error, interrupt.Token).ConfigureAwait(false);
            RunCommand.PrintSummary(result, options.Load.ResolvedOutputDirectory());
            return result.Verdict.ExitCode();
        });
        return command;
    }
}
