using System.Diagnostics;

namespace Modulo.Perf.Engine.Http;

/// <summary>
/// One thread for the whole process that enforces the lean transports' request timeouts and the run's stop: every
/// <see cref="Period"/> it looks at each registered <see cref="RequestWatch"/> and aborts the connection of a request
/// past its timeout or whose run stopped. A request's hot path then only writes its number, where a timer armed
/// and disarmed per request (and a cancellation registration per socket call) cost about 6 % of the engine's CPU.
/// The price is precision: a request is timed from the first tick that sees it, so it times out up to two periods
/// (plus the thread's wake-up delays) after its timeout, and stops up to one period after the run's stop.
/// </summary>
internal static class RequestWatchdog
{
    public static readonly TimeSpan Period = TimeSpan.FromMilliseconds(20);

    private static readonly Lock s_gate = new();
    // A set: a run of thousands of VUs removes as many transports at its end.
    private static readonly HashSet<RequestWatch> s_watches = [];
    private static RequestWatch[] s_snapshot = [];
    private static bool s_changed;
    private static bool s_running;
    private static int s_ticks;

    /// <summary>How many times the watchdog has looked so far: a transport whose count moved was idle across a tick.</summary>
    public static int Ticks => Volatile.Read(ref s_ticks);

    public static void Add(RequestWatch watch)
    {
        lock (s_gate)
        {
            s_watches.Add(watch);
            s_changed = true;
            if (!s_running)
            {
                // A thread of its own that sleeps between looks, not a thread-pool timer: each timer tick woke a pool
                // worker that then spun (sched_yield) waiting for more work, about a tenth of the engine's CPU at
                // 100 ticks a second while the VUs ran on the socket threads. At 20 ms the thread's own wake-ups cost
                // about 0.4 % of the engine's CPU.
                s_running = true;
                new Thread(Run) { IsBackground = true, Name = "modulo-perf request watchdog" }.Start();
            }
        }
    }

    public static void Remove(RequestWatch watch)
    {
        lock (s_gate)
        {
            s_watches.Remove(watch);
            s_changed = true;
        }
    }

    private static void Run()
    {
        while (true)
        {
            Thread.Sleep(Period);
            RequestWatch[] watches;
            lock (s_gate)
            {
                if (s_watches.Count == 0)
                {
                    // The last transport is gone; the next one to register starts a new thread.
                    s_running = false;
                    s_snapshot = [];
                    return;
                }
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
        }
    }
}
