using System.CommandLine;
using System.CommandLine.Parsing;
using Modulo.Perf.Engine.Gate;
using Modulo.Perf.Engine.Outcome;
using Modulo.Perf.Engine.Scenarios;
using Modulo.Perf.Engine.SourceText;

namespace Modulo.Perf.Engine.Cli;

/// <summary>
/// <c>modulo-perf run --config perfgate.json [--base-url URL] [--suite NAME]... [--scenario NAME]...
/// [--profile NAME] [--vus N] [--duration 30s] [--out DIR] [--baseline FILE] [--update-baseline]
/// [--allow-fingerprint-mismatch] [--service-pid PID [--service-meters]]</c>
/// </summary>
internal static class RunCommand
{
    private static readonly Option<string> Config = new("--config", "-c") { Description = "The perfgate.json to run.", Required = true };
    private static readonly Option<string?> BaseUrl = new("--base-url") { Description = "Target URL; overrides the config's baseUrl." };
    private static readonly Option<string[]> Suites = new("--suite") { Description = $"A built-in suite to run ({string.Join(", ", BuiltInSuites.Names)}); repeatable. Replaces the config's selection." };
    private static readonly Option<string[]> Scenarios = new("--scenario") { Description = "A scenario of the config to run; repeatable. Replaces the config's selection." };
    private static readonly Option<string?> Profile = new("--profile") { Description = "smoke, normal, stress or a profile of the config." };
    private static readonly Option<int?> Vus = new("--vus") { Description = "Virtual users; overrides the profile." };
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
    private static readonly Option<int?> ServicePid = new("--service-pid")
    {
        Description = "Process id of the .NET service under load: its runtime counters (CPU, allocations, GC, thread pool) are recorded during the load.",
    };
    private static readonly Option<bool> ServiceMeters = new("--service-meters")
    {
        Description = "With --service-pid, also record ASP.NET Core's server request duration and Kestrel's active connections (costs the service throughput).",
    };

    public static Command Create()
    {
        var command = new Command("run", "Drive load at a service and judge it against the config's thresholds.")
        {
            Config, BaseUrl, Suites, Scenarios, Profile, Vus, Duration, Out, Baseline, UpdateBaseline, AllowFingerprintMismatch, ServicePid, ServiceMeters,
        };
        command.SetAction(async (parse, cancellation) =>
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
                ServicePid = parse.GetValue(ServicePid),
                ServiceMeters = parse.GetValue(ServiceMeters),
            };
            var result = await GateRunner.RunAsync(options, Console.Error, cancellation).ConfigureAwait(false);
            PrintSummary(result, options.OutputDirectory);
            return result.Verdict.ExitCode();
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
