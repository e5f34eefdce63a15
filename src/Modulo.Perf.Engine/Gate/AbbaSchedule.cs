using Modulo.Perf.Engine.Baselines;

namespace Modulo.Perf.Engine.Gate;

/// <summary>
/// The order of an interleaved comparison's rounds: one discarded warm-up round per side (JIT, connection pools,
/// caches), then pairs in ABBA order — base, head, head, base, base, head, … — with A the base. Adjacent rounds
/// form a pair, and a drift that grows linearly over the run adds to head in one pair what it adds to base in
/// the next, so it cancels in the median instead of looking like a change.
/// </summary>
public static class AbbaSchedule
{
    public static IReadOnlyList<(BuildRole Role, bool Warmup)> Rounds(int pairs)
    {
        var rounds = new List<(BuildRole, bool)> { (BuildRole.Base, true), (BuildRole.Head, true) };
        for (var pair = 0; pair < pairs; pair++)
        {
            var (first, second) = pair % 2 == 0 ? (BuildRole.Base, BuildRole.Head) : (BuildRole.Head, BuildRole.Base);
            rounds.Add((first, false));
            rounds.Add((second, false));
        }
        return rounds;
    }
}
