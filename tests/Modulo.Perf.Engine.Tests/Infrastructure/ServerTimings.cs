using System.Collections.Concurrent;
using System.Diagnostics;

namespace Modulo.Perf.Engine.Tests.Infrastructure;

/// <summary>
/// The server's own view of how long it took to answer, the reference an engine's measurement is checked
/// against: a client can only add time on top of what the server spent, never less.
/// </summary>
public sealed class ServerTimings
{
    private readonly ConcurrentQueue<double> _milliseconds = new();

    public int Count => _milliseconds.Count;

    public async Task<T> Measure<T>(Func<Task<T>> handler)
    {
        var start = Stopwatch.GetTimestamp();
        try
        {
            return await handler();
        }
        finally
        {
            _milliseconds.Enqueue(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
    }

    /// <summary>The exact percentile (nearest rank) of what the server measured.</summary>
    public double Percentile(double p) => Percentile(p, Count);

    /// <summary>
    /// The server's value at the rank percentile <paramref name="p"/> has among <paramref name="timedByClient"/>
    /// samples: the floor for a client that timed only that many of the same requests (the run's end cuts the last
    /// ones short), since dropping samples can only raise each rank's value, never lower it.
    /// </summary>
    public double Percentile(double p, long timedByClient)
    {
        var sorted = _milliseconds.Order().ToArray();
        var rank = (int)Math.Ceiling(p / 100 * Math.Min(timedByClient, sorted.Length));
        return sorted[Math.Max(0, rank - 1)];
    }
}
