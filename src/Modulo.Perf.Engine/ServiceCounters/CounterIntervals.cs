namespace Modulo.Perf.Engine.ServiceCounters;

/// <summary>
/// Where the service's counter intervals fall: the runtime publishes one every interval, so one publication time
/// heard gives them all. A load's per-request costs rest on the intervals whole inside it.
/// </summary>
internal static class CounterIntervals
{
    /// <summary>
    /// Whether an interval lies whole inside [<paramref name="loadStart"/>, <paramref name="loadEnd"/>]: never in a
    /// load shorter than an interval, always in one of two or more; in between it depends on where the intervals
    /// fall, which <paramref name="publication"/> (any publication, before the load, during it or after) tells.
    /// </summary>
    public static bool CanHoldWhole(DateTime loadStart, DateTime loadEnd, DateTime publication, TimeSpan interval)
    {
        var span = loadEnd - loadStart;
        if (span < interval)
        {
            return false;
        }
        if (span >= 2 * interval)
        {
            return true;
        }
        // The first publication that closes an interval starting at or after the load's start.
        var intervalsAhead = Math.Ceiling((loadStart + interval - publication) / interval);
        return publication + interval * intervalsAhead <= loadEnd;
    }
}
