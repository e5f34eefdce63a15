using System.CommandLine;
using Modulo.Perf.Engine.Gate;

namespace Modulo.Perf.Engine.Cli;

/// <summary>
/// <c>modulo-perf compare --config perfgate.json --base URL --head URL [--rounds N] [--round-duration 1s]
/// [--suite NAME]... [--scenario NAME]... [--profile NAME] [--vus N] [--duration D] [--out DIR]
/// [--base-service-pid PID | --base-service-diagnostic-port PATH] [--head-service-pid PID | --head-service-diagnostic-port PATH]
/// [--service-meters]</c>: interleaved A/B rounds
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

    private static readonly Option<int?> BaseServicePid = new("--base-service-pid")
    {
        Description = "Process id of the base build's .NET service: with --head-service-pid, every round records its side's runtime counters and CPU and allocation per request are compared too.",
    };
    private static readonly Option<int?> HeadServicePid = new("--head-service-pid")
    {
        Description = "Process id of the head build's .NET service (with --base-service-pid).",
    };
    private static readonly Option<string?> BaseServiceDiagnosticPort = new("--base-service-diagnostic-port")
    {
        Description = "Instead of --base-service-pid, for a base service in a container: a Unix socket path the engine listens on and the service connects to (DOTNET_DiagnosticPorts=PATH,nosuspend).",
    };
    private static readonly Option<string?> HeadServiceDiagnosticPort = new("--head-service-diagnostic-port")
    {
        Description = "Instead of --head-service-pid, for a head service in a container: its diagnostic port socket, as --base-service-diagnostic-port.",
    };
    private static readonly Option<bool> ServiceMeters = new("--service-meters")
    {
        Description = "With the services' pids or diagnostic ports, also record ASP.NET Core's server request duration and Kestrel's active connections (costs the services throughput).",
    };

    public static Command Create(RunInterrupt interrupt)
    {
        var command = new Command("compare", "Compare a build with its base in interleaved rounds on this machine, and judge the head's SLOs.")
        {
            // The load options are run's own instances: one definition, one description.
            RunCommand.Config, Base, Head, Rounds, RoundDuration, RunCommand.Suites, RunCommand.Scenarios, RunCommand.Profile, RunCommand.Vus, RunCommand.Duration, RunCommand.Out,
            BaseServicePid, HeadServicePid, BaseServiceDiagnosticPort, HeadServiceDiagnosticPort, ServiceMeters,
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
                    Duration = parse.GetValue(RunCommand.Duration),
                    OutputDirectory = parse.GetValue(RunCommand.Out),
                },
                BaseUrl = parse.GetRequiredValue(Base),
                HeadUrl = parse.GetRequiredValue(Head),
                Rounds = parse.GetValue(Rounds),
                RoundDuration = parse.GetValue(RoundDuration),
                BaseServicePid = parse.GetValue(BaseServicePid),
                HeadServicePid = parse.GetValue(HeadServicePid),
                BaseServiceDiagnosticPort = parse.GetValue(BaseServiceDiagnosticPort),
                HeadServiceDiagnosticPort = parse.GetValue(HeadServiceDiagnosticPort),
                ServiceMeters = parse.GetValue(ServiceMeters),
            };
            var result = await CompareRunner.RunAsync(options, Console.Error, interrupt).ConfigureAwait(false);
            RunCommand.PrintSummary(result, options.Load.ResolvedOutputDirectory());
            return result.ExitCode;
        });
        return command;
    }
}
