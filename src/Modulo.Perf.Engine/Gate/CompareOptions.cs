namespace Modulo.Perf.Engine.Gate;

/// <summary>
/// The <c>compare</c> command's options: the load as <c>run</c> takes it (its target is ignored), both targets,
/// how many measured rounds each side gets and how long each round is (null = the profile's duration spread
/// over the rounds).
/// </summary>
public sealed record CompareOptions
{
    /// <summary>12 pairs give an exact 99 % interval that tolerates one outlying pair on each side (docs/baselines.md).</summary>
    public const int DefaultRounds = 12;

    /// <summary>Below this a round is mostly start-up and stop of the virtual users.</summary>
    public static readonly TimeSpan MinimumDefaultRound = TimeSpan.FromSeconds(1);

    public required RunOptions Load { get; init; }
    public required string BaseUrl { get; init; }
    public required string HeadUrl { get; init; }
    public int Rounds { get; init; } = DefaultRounds;
    public TimeSpan? RoundDuration { get; init; }
    /// <summary>--base-service-pid / --head-service-pid: the two services' processes, for their runtime counters in every round.</summary>
    public int? BaseServicePid { get; init; }
    public int? HeadServicePid { get; init; }
    /// <summary>--service-meters: ASP.NET Core's meters too, on both sides.</summary>
    public bool ServiceMeters { get; init; }
}
