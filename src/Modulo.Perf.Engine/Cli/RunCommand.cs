using System.CommandLine;
using System.CommandLine.Parsing;
using Modulo.Perf.Engine.Gate;
using Modulo.Perf.Engine.Outcome;
using Modulo.Perf.Engine.Reporting;
using Modulo.Perf.Engine.Scenarios;
using Modulo.Perf.Engine.SourceText;

namespace Modulo.Perf.Engine.Cli;

/// <summary>
/// <c>modulo-perf run --config perfgate.json [--base-url URL] [--suite NAME]... [--scenario NAME]...
/// [--profile NAME] [--vus N] [--duration 30s] [--out DIR] [--baseline FILE] [--update-baseline]
/// [--allow-fingerprint-mismatch]</c>
/// </summary>
internal static class RunCommand
{
    private static readonly Option<string> Config = new("--config", "-c") { Description = "The perfgate.json to run.", Required = true };
    private static readonly Option<string?> BaseUrl = new("--base-url") { Description = "Target URL; overrides the config's baseUrl." };
    private static readonly Option<string[]> Suites = new("--suite") { Description = $"A built-in suite to run ({string.Join(", ", BuiltInSuites.Names)}); repeatable. Replaces the config's selection." };
    private static readonly Option<string[]> Scenarios = new("--scenario") { Description = "A scenario of the config to run; repeatable. Replaces the config's selection." };
    private static readonly Option<string?> Profile = new("--profile") { Description = "smoke, normal, stress or a profile of the config." };
    private static readonly Option<int?> Vus = new("--vus") { Description = "Virtual users; overrides the profile.", CustomParser = ParseVus };
    private static readonly Option<TimeSpan?> Duration = new("--duration")
    {
        Description = "Load duration such as 30s or 1m30s; overrides the profile.",
        CustomParser = ParseDuration,
    };
    private static readonly Option<string> Out = new("--out") { Description = "Directory for results.json and reports.", DefaultValueFactory = _ => "perf-results" };

    private static readonly Option<string?> Baseline = new("--baseline") { Description = "Baseline file to compare with; default perf-baselines/performance-baselines.json beside the config." };
    private static readonly Option<bool> UpdateBaseline = new("--update-baseline") { Description = "Record this run in the baseline when it passed its SLOs." };
    private static readonly Option<bool> AllowFingerprintMismatch = new("--allow-fingerprint-mismatch")
    {
        Description = "Judge regressions against a baseline recorded with another profile, load, config or machine size (otherwise inconclusive).",
    };

    public static Command Create(RunInterrupt interrupt)
    {
        var command = new Command("run", "Drive load at a service and judge it against the config's thresholds.")
        {
            Config, BaseUrl, Suites, Scenarios, Profile, Vus, Duration, Out, Baseline, UpdateBaseline, AllowFingerprintMismatch,
        };
        command.SetAction(async parse =>
        {
            var options = new RunOptions
            {
                ConfigPath = parse.GetRequiredValue(Config),
                BaseUrl = parse.GetValue(BaseUrl),
                Suites = parse.GetValue(Suites) ?? [],
                Scenarios = parse.GetValue(Scenarios) ?? [],
                Profile = parse.GetValue(Profile),
                Vus = parse.GetValue(Vus),
                Duration = parse.GetValue(Duration),
                OutputDirectory = parse.GetRequiredValue(Out),
                BaselinePath = parse.GetValue(Baseline),
                UpdateBaseline = parse.GetValue(UpdateBaseline),
                AllowFingerprintMismatch = parse.GetValue(AllowFingerprintMismatch),
            };
            RunResult result;
            try
            {
                result = await GateRunner.RunAsync(options, Console.Error, interrupt).ConfigureAwait(false);
            }
            catch (ReportWriteException e)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return ExitCodes.InternalError;
            }
            PrintSummary(result, options.OutputDirectory);
            return result.ExitCode;
        });
        return command;
    }

    private static void PrintSummary(RunResult result, string outputDirectory)
    {
        Console.WriteLine(result.Verdict.Headline());
        foreach (var threshold in result.Thresholds)
        {
            Console.WriteLine($"  {(threshold.Ok ? "✓" : "✗")} {threshold.Message}");
        }
        foreach (var regression in result.Comparison?.Metrics.Where(m => m.Regression || m.Inconclusive) ?? [])
        {
            Console.WriteLine($"  {(regression.Regression ? "⚠" : "?")} {regression.Suite} {regression.Metric}: {regression.Reason}");
        }
        foreach (var error in result.Errors)
        {
            Console.WriteLine($"  {error.Message}");
        }
        Console.WriteLine($"Reports: {Path.GetFullPath(outputDirectory)}");
    }

    /// <summary>
    /// Prints the parser's complaints and writes a results.json saying the same (exit 3), into the --out given
    /// if it could be read, so a caller reading results.json never finds a stale one or none.
    /// </summary>
    public static int RejectArguments(ParseResult parse)
    {
        foreach (var error in parse.Errors)
        {
            Console.Error.WriteLine($"error: {error.Message}");
        }
        Console.Error.WriteLine("Run 'modulo-perf run --help' for usage.");
        var outputDirectory = parse.GetResult(Out)?.Errors.Any() == true ? null : parse.GetValue(Out);
        if (parse.CommandResult.Command.Name == "run" && outputDirectory is not null)
        {
            var result = new RunResult
            {
                Verdict = Verdict.InvalidConfiguration,
                Started = DateTimeOffset.UtcNow,
                Errors = [.. parse.Errors.Select(e => new RunError(RunError.Configuration, $"command line: {e.Message}", null))],
            };
            try
            {
                ReportSet.Clear(outputDirectory);
                ReportSet.WriteAll(outputDirectory, result);
            }
            catch (ReportWriteException e)
            {
                Console.Error.WriteLine($"error: {e.Message}");
            }
        }
        return ExitCodes.InvalidConfiguration;
    }

    private static int? ParseVus(ArgumentResult argument)
    {
        var text = argument.Tokens.Single().Value;
        if (int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var vus) && vus > 0)
        {
            return vus;
        }
        argument.AddError($"--vus '{text}' is not a number of virtual users (a whole number from 1 to {int.MaxValue})");
        return null;
    }

    private static TimeSpan? ParseDuration(ArgumentResult argument)
    {
        var text = argument.Tokens.Single().Value;
        if (DurationParser.TryParse(text, out var duration, out var error))
        {
            return duration;
        }
        argument.AddError($"--duration '{text}': {error}");
        return null;
    }
}
