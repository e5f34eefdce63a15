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
    /// <summary>--service-meters: ASP.NET Core's meters too, on both sides.</summary>
    public bool ServiceMeters { get; init; }
}
