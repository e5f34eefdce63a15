using System.Diagnostics;

namespace Modulo.Perf.Engine.Http;

/// <summary>
/// One timer for the whole process that enforces the lean transports' request timeouts and the run's stop: every
/// <see cref="Period"/> it looks at each registered <see cref="RequestWatch"/> and aborts the connection of a request
/// past its deadline or whose run stopped. A request's hot path then only writes its deadline, where a timer armed
/// and disarmed per request (and a cancellation registration per socket call) cost about 6 % of the engine's CPU.
/// The price is precision: a request times out up to one period after its timeout, and stops up to one period
/// after the run's stop.
/// </summary>
internal static class RequestWatchdog
{
    public static readonly TimeSpan Period = TimeSpan.FromMilliseconds(10);

    private static readonly Lock s_gate = new();
    private static readonly List<RequestWatch> s_watches = [];
    private static RequestWatch[] s_snapshot = [];
    private static bool s_changed;
    private static Timer? s_timer;
    private static int s_ticks;

    /// <summary>How many times the watchdog has looked so far: a transport whose count moved was idle across a tick.</summary>
    public static int Ticks => Volatile.Read(ref s_ticks);

    public static void Add(RequestWatch watch)
    {
        lock (s_gate)
        {
            s_watches.Add(watch);
            s_changed = true;
            // Re-armed by each tick rather than periodic, so a slow tick never overlaps the next one.
            s_timer ??= new Timer(static _ => Tick(), null, Period, Timeout.InfiniteTimeSpan);
        }
    }

    public static void Remove(RequestWatch watch)
    {
        lock (s_gate)
        {
            s_watches.Remove(watch);
            s_changed = true;
            if (s_watches.Count == 0)
            {
                s_timer?.Dispose();
                s_timer = null;
            }
        }
    }

    private static void Tick()
    {
        RequestWatch[] watches;
        lock (s_gate)
        {
            // One copy per tick at most, however many transports a run of thousands of VUs adds at once.
            if (s_changed)
            {
                s_snapshot = [.. s_watches];
                s_changed = false;
            }
            watches = s_snapshot;
        }

        Volatile.Write(ref s_ticks, s_ticks + 1);
        var now = Stopwatch.GetTimestamp();
        foreach (var watch in watches)
        {
            watch.Check(now);
        }

        lock (s_gate)
        {
            s_timer?.Change(Period, Timeout.InfiniteTimeSpan);
        }
    }
}
