using Modulo.Perf.Engine.ServiceCounters;
using Modulo.Perf.Engine.SourceText;

namespace Modulo.Perf.Engine.Gate;

/// <summary>
/// The <c>compare</c> command's options: the load as <c>run</c> takes it (its target is ignored), both targets,
/// how many measured rounds each side gets and how long each round is (null: <see cref="RoundPlan"/> derives them
/// from the profile's duration).
/// </summary>
public sealed record CompareOptions
{
    public required RunOptions Load { get; init; }
    public required string BaseUrl { get; init; }
    public required string HeadUrl { get; init; }
    public int? Rounds { get; init; }
    public TimeSpan? RoundDuration { get; init; }
    /// <summary>--base-service-pid / --head-service-pid: the two services' processes, for their runtime counters in every round.</summary>
    public int? BaseServicePid { get; init; }
    public int? HeadServicePid { get; init; }
    /// <summary>--base-service-diagnostic-port / --head-service-diagnostic-port: the same for services in containers, by socket.</summary>
    public string? BaseServiceDiagnosticPort { get; init; }
    public string? HeadServiceDiagnosticPort { get; init; }

    /// <summary>Each side's service for its runtime counters (null: none); both sides or neither.</summary>
    /// <exception cref="ConfigurationException">One side is given twice, or only one side is given.</exception>
    public (ServiceTarget Base, ServiceTarget Head)? ResolveServiceTargets()
    {
        var @base = Target("base", BaseServicePid, BaseServiceDiagnosticPort);
        var head = Target("head", HeadServicePid, HeadServiceDiagnosticPort);
        return (@base, head) switch
        {
            (null, null) => null,
            ({ } b, { } h) => (b, h),
            _ => throw new ConfigurationException(
                "--base-service-pid and --head-service-pid go together (or their --base-service-diagnostic-port and --head-service-diagnostic-port forms): the services' costs are compared side by side, so both are needed"),
        };
    }

    private static ServiceTarget? Target(string role, int? pid, string? port) => (pid, port) switch
    {
        ({ }, { }) => throw new ConfigurationException(
            $"--{role}-service-pid and --{role}-service-diagnostic-port both say where the {role} service is: give one"),
        ({ } id, null) => ServiceTarget.Process(id),
        (null, { } path) => ServiceTarget.Port(path),
        _ => null,
    };
    /// <summary>--service-meters: ASP.NET Core's meters too, on both sides.</summary>
    public bool ServiceMeters { get; init; }
}
