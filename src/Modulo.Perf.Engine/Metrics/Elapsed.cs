using System.Diagnostics;

namespace Modulo.Perf.Engine.Metrics;

/// <summary>Stopwatch timestamps to the microseconds every trend records.</summary>
internal static class Elapsed
{
    public static long Micros(long from, long to) => Stopwatch.GetElapsedTime(from, to).Ticks / TimeSpan.TicksPerMicrosecond;

    public static long MicrosSince(long from) => Micros(from, Stopwatch.GetTimestamp());
}
