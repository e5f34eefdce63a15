using HdrHistogram;

namespace Modulo.Perf.Engine.Metrics;

/// <summary>
/// One thread's private place to record samples: a recorder per trend series and plain counters, written
/// only by the owning thread so recording takes no locks and allocates nothing once a series is warm.
/// The aggregator reads counters (cumulative, so a stale read only lags) and swaps recorders' interval histograms.
/// </summary>
internal sealed class ThreadSink
{
    private Recorder?[] _recorders = new Recorder?[64];
    // For counters: [2*id] = sum. For rates: [2*id] = samples, [2*id+1] = non-zero samples.
    private long[] _counts = new long[128];

    public void RecordTrend(int seriesId, long micros)
    {
        var recorders = _recorders;
        if (seriesId >= recorders.Length || recorders[seriesId] is null)
        {
            recorders = GrowRecorders(seriesId);
        }
        recorders[seriesId]!.RecordValue(HistogramSettings.Clamp(micros));
    }

    public void AddCounter(int seriesId, long value)
    {
        var counts = EnsureCounts(seriesId);
        Volatile.Write(ref counts[2 * seriesId], counts[2 * seriesId] + value);
    }

    public void AddRate(int seriesId, bool nonZero)
    {
        var counts = EnsureCounts(seriesId);
        Volatile.Write(ref counts[2 * seriesId], counts[2 * seriesId] + 1);
        if (nonZero)
        {
            Volatile.Write(ref counts[2 * seriesId + 1], counts[2 * seriesId + 1] + 1);
        }
    }

    /// <summary>Adds counts measured elsewhere (a partial result being merged).</summary>
    public void AddCounts(int seriesId, SeriesCounts added)
    {
        var counts = EnsureCounts(seriesId);
        Volatile.Write(ref counts[2 * seriesId], counts[2 * seriesId] + added.Sum);
        Volatile.Write(ref counts[2 * seriesId + 1], counts[2 * seriesId + 1] + added.NonZero);
    }

    /// <summary>Cumulative counts of a series as seen by this thread.</summary>
    public SeriesCounts ReadCounts(int seriesId)
    {
        var counts = Volatile.Read(ref _counts);
        return 2 * seriesId + 1 < counts.Length
            ? new SeriesCounts(Volatile.Read(ref counts[2 * seriesId]), Volatile.Read(ref counts[2 * seriesId + 1]))
            : default;
    }

    /// <summary>Moves what this thread recorded for a series since the last call into <paramref name="target"/>.</summary>
    public bool TakeInterval(int seriesId, HistogramBase target)
    {
        var recorders = Volatile.Read(ref _recorders);
        var recorder = seriesId < recorders.Length ? recorders[seriesId] : null;
        if (recorder is null)
        {
            return false;
        }
        recorder.GetIntervalHistogramInto(target);
        return true;
    }

    private Recorder?[] GrowRecorders(int seriesId)
    {
        var recorders = _recorders;
        if (seriesId >= recorders.Length)
        {
            Array.Resize(ref recorders, Math.Max(seriesId + 1, recorders.Length * 2));
        }
        recorders[seriesId] ??= HistogramSettings.CreateRecorder();
        Volatile.Write(ref _recorders, recorders);
        return recorders;
    }

    private long[] EnsureCounts(int seriesId)
    {
        var counts = _counts;
        if (2 * seriesId + 1 >= counts.Length)
        {
            Array.Resize(ref counts, Math.Max(2 * seriesId + 2, counts.Length * 2));
            Volatile.Write(ref _counts, counts);
        }
        return counts;
    }
}
