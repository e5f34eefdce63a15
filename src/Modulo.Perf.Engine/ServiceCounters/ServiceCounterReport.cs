namespace Modulo.Perf.Engine.ServiceCounters;

/// <summary>
/// What the service's runtime said about itself during the load, or why it said nothing: <see cref="Problem"/>
/// is set when the service could not be attached (not .NET, no such process, nothing on the diagnostic port) or went away during the load; the
/// counters gathered until then are kept.
/// </summary>
public sealed record ServiceCounterReport(
    ServiceTarget Target,
    string? Problem,
    IReadOnlyList<ServiceCounterSummary> Counters,
    IReadOnlyList<ServiceCounterPoint> Timeline)
{
    public static ServiceCounterReport Unavailable(ServiceTarget target, string problem) => new(target, problem, [], []);
}
