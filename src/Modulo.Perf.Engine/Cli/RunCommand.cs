using System.CommandLine;
using System.CommandLine.Parsing;
using Modulo.Perf.Engine.Baselines;
using Modulo.Perf.Engine.Gate;
using Modulo.Perf.Engine.Outcome;
using Modulo.Perf.Engine.Reporting;
using Modulo.Perf.Engine.Scenarios;
using Modulo.Perf.Engine.SourceText;

namespace Modulo.Perf.Engine.Cli;

/// <summary>
/// <c>modulo-perf run --config perfgate.json [--base-url URL] [--suite NAME]... [--scenario NAME]...
/// [--profile NAME] [--vus N] [--duration 30s] [--out DIR] [--baseline FILE] [--update-baseline]
/// [--allow-fingerprint-mismatch] [--build-configuration NAME] [--target-framework TFM] [--caller cli|msbuild]
/// [--execution-segment 1/4:1/2 [--execution-segment-sequence 0,1/4,1/2,3/4,1] | --segment 2/4] [--start-at 2026-11-29T05:00:00Z]
/// [--service-pid PID | --service-diagnostic-port PATH] [--service-meters]</c>
/// </summary>
internal static class RunCommand
{
    internal static readonly Option<string> Config = new("--config", "-c") { Description = "The perfgate.json to run.", Required = true };
    private static readonly Option<string?> BaseUrl = new("--base-url") { Description = "Target URL; overrides the config's baseUrl." };
    internal static readonly Option<string[]> Suites = new("--suite") { Description = $"A built-in suite to run ({string.Join(", ", BuiltInSuites.Names)}); repeatable. Replaces the config's selection." };
    internal static readonly Option<string[]> Scenarios = new("--scenario") { Description = "A scenario of the config to run; repeatable. Replaces the config's selection." };
    internal static readonly Option<string?> Profile = new("--profile") { Description = "smoke, normal, stress or a profile of the config." };
    internal static readonly Option<int?> Vus = new("--vus") { Description = "Virtual users; overrides the profile.", CustomParser = ParseVus };
    internal static readonly Option<TimeSpan?> Duration = new("--duration")
    {
        Description = "Load duration such as 30s or 1m30s; overrides the profile.",
        CustomParser = ParseDuration,
    };
    internal static readonly Option<string?> Out = new("--out") { Description = "Directory for results.json and reports; default perf-results/ beside the config." };

    // The baseline options mean the same for merge, which shares them.
    internal static readonly Option<string?> Baseline = new("--baseline") { Description = "Baseline file to compare with; default perf-baselines/performance-baselines.json beside the config." };
    internal static readonly Option<bool> UpdateBaseline = new("--update-baseline") { Description = "Record this run in the baseline when it passed its SLOs." };
    internal static readonly Option<bool> AllowFingerprintMismatch = new("--allow-fingerprint-mismatch")
    {
        Description = "Judge regressions against a baseline recorded with another profile, load, config or machine size (otherwise inconclusive).",
    };
    private static readonly Option<int?> ServicePid = new("--service-pid")
    {
        Description = "Process id of the .NET service under load: its runtime counters (CPU, allocations, GC, thread pool) are recorded during the load.",
    };
    private static readonly Option<string?> ServiceDiagnosticPort = new("--service-diagnostic-port")
    {
        Description = "Instead of --service-pid, for a service in a container: a socket path shared with it, on which the engine listens "
            + "and the service connects (started with DOTNET_DiagnosticPorts=PATH,nosuspend); its runtime counters are recorded during the load.",
    };
    private static readonly Option<bool> ServiceMeters = new("--service-meters")
    {
        Description = "With --service-pid or --service-diagnostic-port, also record ASP.NET Core's server request duration and Kestrel's active connections (costs the service throughput).",
    };

    private static readonly Option<string?> BuildConfiguration = new("--build-configuration")
    {
        Description = "The service's build configuration (Debug, Release); part of the baseline fingerprint.",
    };
    private static readonly Option<string?> TargetFramework = new("--target-framework")
    {
        Description = "The service's target framework (net10.0); part of the baseline fingerprint.",
    };
    private static readonly Option<string> Caller = new Option<string>("--caller")
    {
        Description = "Who runs the engine, so messages name its options: cli (flags) or msbuild (PerfGate properties).",
        DefaultValueFactory = _ => OptionNames.CliCaller,
    }.AcceptOnlyFromAmong(OptionNames.CliCaller, OptionNames.MsBuildCaller);

    private static readonly Option<string?> ExecutionSegment = new("--execution-segment") { Description = "The part of the test this instance runs, as in k6: 1/4:1/2, 25%:50% or 0.25:0.5." };
    private static readonly Option<string?> ExecutionSegmentSequence = new("--execution-segment-sequence")
    {
        Description = "The segments all instances of the test use, as in k6: 0,1/4,1/2,3/4,1. Default: the segment and what fills around it.",
    };
    private static readonly Option<string?> Segment = new("--segment") { Description = "Shorthand: i/n runs the i-th of n equal segments (2/4 is --execution-segment 1/4:1/2 of 0,1/4,1/2,3/4,1)." };
    private static readonly Option<DateTimeOffset?> StartAt = new("--start-at")
    {
        Description = "Begin the load at this RFC 3339 time (2026-11-29T05:00:00Z), so the instances of a segmented test start together.",
        CustomParser = argument => ParseTime(argument, "--start-at"),
    };

    public static Command Create(RunInterrupt interrupt)
    {
        var command = WithOptions(new Command("run", "Drive load at a service and judge it against the config's thresholds."));
        command.SetAction(async parse =>
        {
            var options = ReadOptions(parse);
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
            PrintSummary(result, options.ResolvedOutputDirectory());
            // A segment's thresholds see only its share of the load: its verdict is in its reports, and the gate is
            // the merge. It fails only when it could not do its share (exit 3 or 4), an internal error (5) or a
            // signal (130/143), so a CI matrix or an Indexed Job goes on to the merge.
            return result.Segment.IsWhole || result.InterruptedBy is not null ||
                result.Verdict is Verdict.InvalidConfiguration or Verdict.TargetUnreachable or Verdict.Error
                ? result.ExitCode
                : ExitCodes.Pass;
        });
        return command;
    }

    /// <summary>
    /// <c>modulo-perf validate</c>: the same options as <c>run</c>, every check <c>run</c> makes before it sends load,
    /// and no load: exit 0 when the run would start, 3 with every error (file(line,col): error: ...) when not.
    /// </summary>
    public static Command CreateValidate()
    {
        var command = WithOptions(new Command("validate", "Check the config, the selection, the profile and the baseline as run would, without sending load."));
        command.SetAction(parse =>
        {
            var options = ReadOptions(parse);
            var result = GateRunner.Validate(options, Console.Error);
            if (result.Verdict == Verdict.Pass)
            {
                Console.WriteLine($"{options.ConfigPath}: valid");
            }
            return result.Verdict.ExitCode();
        });
        return command;
    }

    private static Command WithOptions(Command command)
    {
        foreach (var option in new Option[]
        {
            Config, BaseUrl, Suites, Scenarios, Profile, Vus, Duration, Out, Baseline, UpdateBaseline, AllowFingerprintMismatch,
            BuildConfiguration, TargetFramework, Caller, ExecutionSegment, ExecutionSegmentSequence, Segment, StartAt, ServicePid, ServiceDiagnosticPort, ServiceMeters,
        })
        {
            command.Options.Add(option);
        }
        return command;
    }

    private static RunOptions ReadOptions(ParseResult parse) =>
        new()
        {
            ConfigPath = parse.GetRequiredValue(Config),
            BaseUrl = parse.GetValue(BaseUrl),
            Suites = parse.GetValue(Suites) ?? [],
            Scenarios = parse.GetValue(Scenarios) ?? [],
            Profile = parse.GetValue(Profile),
            Vus = parse.GetValue(Vus),
            Duration = parse.GetValue(Duration),
            OutputDirectory = parse.GetValue(Out),
            BaselinePath = parse.GetValue(Baseline),
            UpdateBaseline = parse.GetValue(UpdateBaseline),
            AllowFingerprintMismatch = parse.GetValue(AllowFingerprintMismatch),
            BuildConfiguration = parse.GetValue(BuildConfiguration),
            TargetFramework = parse.GetValue(TargetFramework),
            OptionNames = OptionNames.For(parse.GetRequiredValue(Caller)),
            ExecutionSegment = parse.GetValue(ExecutionSegment),
            ExecutionSegmentSequence = parse.GetValue(ExecutionSegmentSequence),
            Segment = parse.GetValue(Segment),
            StartAt = parse.GetValue(StartAt),
            ServicePid = parse.GetValue(ServicePid),
            ServiceDiagnosticPort = parse.GetValue(ServiceDiagnosticPort),
            ServiceMeters = parse.GetValue(ServiceMeters),
        };

    /// <summary>The verdict, each failed check and where the reports are: the same for run and merge.</summary>
    internal static void PrintSummary(RunResult result, string outputDirectory)
    {
        Console.WriteLine(result.Verdict.Headline());
        if (LoadText.Reached(result) is { } reached)
        {
            Console.WriteLine($"  load {reached}");
        }
        foreach (var threshold in result.Thresholds)
        {
            Console.WriteLine($"  {(threshold.Ok ? "✓" : "✗")} {threshold.Message}");
        }
        if (result.Comparison is { } comparison)
        {
            Console.WriteLine(ComparisonHeadline.For(comparison));
            PrintChanges(comparison.Metrics);
        }
        if (result.Interleaved is { } interleaved)
        {
            PrintChanges(interleaved.Metrics.Select(m => m.Comparison));
        }
        foreach (var error in result.Errors)
        {
            Console.WriteLine($"  {error.Message}");
        }
        Console.WriteLine($"Reports: {outputDirectory}");
    }

    // One line per compared metric that is not unchanged, marked by its outcome.
    private static void PrintChanges(IEnumerable<MetricComparison> metrics)
    {
        foreach (var metric in metrics.Where(m => m.Outcome != ComparisonOutcome.Unchanged))
        {
            var mark = metric.Outcome switch
            {
                ComparisonOutcome.Regression => "⚠",
                ComparisonOutcome.Inconclusive => "?",
                _ => "↑",
            };
            Console.WriteLine($"  {mark} {ComparisonFormat.Message(metric)}");
        }
    }

    /// <summary>An RFC 3339 time with its offset (2026-11-29T05:00:00Z, 2026-11-29T06:00:00.5+01:00).</summary>
    internal static DateTimeOffset? ParseTime(ArgumentResult argument, string option)
    {
        var text = argument.Tokens.Single().Value;
        if (DateTimeOffset.TryParseExact(text, ["yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK"], System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var at))
        {
            return at;
        }
        argument.AddError($"{option} '{text}': expected an RFC 3339 time with its offset, such as 2026-11-29T05:00:00Z");
        return null;
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
        Console.Error.WriteLine("Run 'modulo-perf --help' for the commands, and 'modulo-perf COMMAND --help' for their options.");
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

    internal static TimeSpan? ParseDuration(ArgumentResult argument)
    {
        var text = argument.Tokens.Single().Value;
        if (DurationParser.TryParse(text, out var duration, out var error))
        {
            return duration;
        }
        argument.AddError($"{(argument.Parent as OptionResult)?.Option.Name ?? "--duration"} '{text}': {error}");
        return null;
    }
}
