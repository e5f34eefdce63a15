using Modulo.Perf.Engine.SourceText;

namespace Modulo.Perf.Engine.Gate;

/// <summary>
/// How an interleaved comparison cuts the profile's duration into rounds. By default one pair of rounds per
/// second of the profile, between 12 and 60 pairs, so each side's rounds add up to the profile's duration: on a
/// noisy machine the number of pairs, not their length, is what narrows the exact interval (a burst of a
/// neighbour's CPU load spoils a pair whatever its length, and short rounds let a burst cover both sides of a
/// pair more often). Above 60 pairs the rounds grow instead, so each round's p95 rests on more requests.
/// Measurements behind these numbers: docs/baselines.md.
/// </summary>
public sealed record RoundPlan(int Pairs, TimeSpan Round)
{
    public const int FewestDefaultPairs = 12;
    public const int MostDefaultPairs = 60;

    /// <summary>The shortest default round: below about a second a round is mostly start-up and stop of the virtual users.</summary>
    public static readonly TimeSpan ShortestDefaultRound = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The shortest default round when the services' counters are compared too: they arrive once a second and the
    /// interval in flight when a round stops is lost, so a 1 s round may end before its first counters.
    /// </summary>
    public static readonly TimeSpan ShortestCountedRound = TimeSpan.FromSeconds(2);

    /// <summary>
    /// The plan for a profile of <paramref name="duration"/>, with the command line's --rounds and --round-duration
    /// when given; <paramref name="countersCompared"/> lengthens the default rounds to <see cref="ShortestCountedRound"/>.
    /// </summary>
    public static RoundPlan For(TimeSpan duration, int? pairs, TimeSpan? round, bool countersCompared = false)
    {
        var shortest = countersCompared ? ShortestCountedRound : ShortestDefaultRound;
        if (round is { } asked && asked <= TimeSpan.Zero)
        {
            throw new ConfigurationException("--round-duration must be positive");
        }
        var resolvedPairs = pairs ?? Math.Clamp((int)(duration / (round ?? shortest)), FewestDefaultPairs, MostDefaultPairs);
        var resolvedRound = round ?? TimeSpan.FromTicks(Math.Max(duration.Ticks / resolvedPairs, shortest.Ticks));
        return new RoundPlan(resolvedPairs, resolvedRound);
    }

    /// <summary>Every round the plan runs, warm-ups included, as a multiple of the profile's duration: (2·pairs + 2)·round / duration.</summary>
    public double WallTimeFactor(TimeSpan duration) => (2 * Pairs + 2) * Round / duration;
}
