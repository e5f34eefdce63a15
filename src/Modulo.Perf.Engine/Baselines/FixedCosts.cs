namespace Modulo.Perf.Engine.Baselines;

/// <summary>
/// How far a service's fixed costs (JIT, timers, the counter session, idle moments) can move its cost per request
/// between two runs that completed different numbers of requests. Spread over r times fewer requests they raise the
/// cost per request r times at most (if all of it were fixed); spread over more, they only lower it. Runs within a
/// factor of two of each other's requests are compared as they are; beyond that, a change within the bound cannot
/// be told from fixed costs and is inconclusive, and a change beyond it is per request whatever the counts: an
/// allocation regression large enough to halve the service's throughput (64 KB more per request at some 18,000
/// requests a second did) is still a regression.
/// </summary>
internal static class FixedCosts
{
    private const double ComparableRatio = 2;

    /// <summary>Whether fixed costs alone could account for <paramref name="currentCost"/> against <paramref name="baselineCost"/>.</summary>
    /// <param name="requestRatio">The current run's requests over the baseline's.</param>
    /// <param name="tolerancePercent">The metric's tolerance, allowed on top of the bound.</param>
    public static bool CouldExplain(double requestRatio, double baselineCost, double currentCost, double tolerancePercent)
    {
        if (requestRatio is >= 1 / ComparableRatio and <= ComparableRatio)
        {
            return false;
        }
        // A run that completed no request has an unbounded share of fixed costs per request.
        var bound = Math.Max(1, 1 / requestRatio) * (1 + tolerancePercent / 100);
        return baselineCost <= 0 || currentCost <= baselineCost * bound;
    }
}
