using System.Diagnostics;
using HdrHistogram;

namespace Modulo.Perf.Engine.Metrics;

/// <summary>
/// All series of one run. Recording goes to the calling thread's <see cref="ThreadSink"/> (no locks, no
/// allocation once a series is warm); <see cref="Collect"/>, called by the aggregator about once a second and
/// once at the end, merges the threads' interval histograms off the hot path, so memory depends on the number
/// of series and threads, never on the number of requests.
/// </summary>
public sealed class MetricRegistry
{
    private readonly object _registrationGate = new();
    private readonly object _collectGate = new();
    private readonly Dictionary<(string Metric, TagSet Tags), Series> _byKey = new();
    private volatile Series[] _series = [];
    private readonly ThreadLocal<ThreadSink> _sinks = new(() => new ThreadSink(), trackAllValues: true);
    private static int s_lastId;
    private readonly int _id = Interlocked.Increment(ref s_lastId);
    // The registry this thread last recorded into (by number, so a finished run's registry is not kept alive; its
    // sink is, until the thread records elsewhere) and its sink there. A run records from a handful of threads into
    // one registry, so this answers all but a thread's first lookup; ThreadLocal's own (shared generic code, a
    // runtime lookup) cost about 1 % of the engine's user time.
    [ThreadStatic] private static int t_lastRegistryId;
    [ThreadStatic] private static ThreadSink? t_lastSink;
    private readonly List<IntervalStats> _intervals = new();
    private readonly Dictionary<int, SeriesCounts> _lastCounts = new();
    private readonly long _startTimestamp = Stopwatch.GetTimestamp();
    // Reused by every Collect (which is serialised), so aggregation allocates no histogram per tick.
    private readonly HistogramBase _scratch = HistogramSettings.CreateAccumulator();
    private readonly Dictionary<string, HistogramBase> _intervalByMetric = new();
    // Merged trends by metric and filter, until the data changes (Collect, Import, a new series). Reports and
    // thresholds ask for the same few trends over and over once a run ends (31 queries for 11 distinct trends in a
    // one-step run), and each merge is a histogram of about 190 KB on the large object heap: merged once each, the
    // reports' share of the peak RSS shrinks by some 4 MB. Callers only read a TrendAggregate, so sharing it is safe.
    private readonly Dictionary<string, TrendAggregate> _mergedTrends = new(StringComparer.Ordinal);
    private static readonly TrendAggregate s_noSamples = new(HistogramSettings.CreateAccumulator());
    private double _lastCollectSeconds;
    private double? _frozenElapsedSeconds;

    public IReadOnlyList<Series> AllSeries => _series;

    /// <summary>The first few failed requests of each step, beside the series that count them.</summary>
    public FailureSamples FailureSamples { get; } = new();

    /// <summary>Seconds since the registry was created (the run's clock), or since it until <see cref="Freeze"/>.</summary>
    public double ElapsedSeconds => _frozenElapsedSeconds ?? Stopwatch.GetElapsedTime(_startTimestamp).TotalSeconds;

    public IReadOnlyList<IntervalStats> Intervals
    {
        get { lock (_collectGate) { return _intervals.ToArray(); } }
    }

    /// <summary>Returns the series for a metric and tag set, creating it on first use. Call off the hot path and cache the id.</summary>
    public Series Register(string metric, TagSet tags)
    {
        if (!MetricCatalog.TryGetType(metric, out var type))
        {
            throw new ArgumentException($"Unknown metric '{metric}'.", nameof(metric));
        }
        lock (_registrationGate)
        {
            if (!_byKey.TryGetValue((metric, tags), out var series))
            {
                series = new Series(_series.Length, metric, type, tags);
                _byKey.Add((metric, tags), series);
                _series = [.. _series, series];
                lock (_collectGate)
                {
                    _mergedTrends.Clear();
                }
            }
            return series;
        }
    }

    /// <summary>
    /// The calling thread's sink, for a caller that records several samples at once (a request's six series):
    /// one thread-local lookup instead of one per sample. Use it at once and never across an await, since the
    /// continuation may run on another thread, whose samples would then land in this thread's sink.
    /// </summary>
    internal ThreadSink CurrentSink
    {
        get
        {
            if (t_lastRegistryId == _id)
            {
                return t_lastSink!;
            }
            var sink = _sinks.Value!;
            t_lastSink = sink;
            t_lastRegistryId = _id;
            return sink;
        }
    }

    public void RecordTrend(int seriesId, long micros) => CurrentSink.RecordTrend(seriesId, micros);

    public void AddRate(int seriesId, bool nonZero) => CurrentSink.AddRate(seriesId, nonZero);

    public void AddCounter(int seriesId, long value) => CurrentSink.AddCounter(seriesId, value);

    public void SetGauge(Series series, double value) => Volatile.Write(ref series.GaugeValue, value);

    /// <summary>Stops the run's clock so counter rates are per second of load, not of report writing.</summary>
    public void Freeze() => _frozenElapsedSeconds ??= Stopwatch.GetElapsedTime(_startTimestamp).TotalSeconds;

    /// <summary>A series' cumulative counts (counters and rates) as collected so far.</summary>
    internal SeriesCounts CountsOf(Series series)
    {
        lock (_collectGate)
        {
            return ReadCounts(series, _sinks.Values);
        }
    }

    /// <summary>
    /// Adds what another registry measured for one series (a partial result of a segmented run): its histogram,
    /// its counts, its gauge. Importing the same series twice adds the two, which is how partials merge exactly.
    /// </summary>
    internal void Import(string metric, TagSet tags, HistogramBase? histogram, SeriesCounts counts, double gauge)
    {
        var series = Register(metric, tags);
        lock (_collectGate)
        {
            _mergedTrends.Clear();
            if (histogram is not null)
            {
                series.Accumulated!.Add(histogram);
            }
            CurrentSink.AddCounts(series.Id, counts);
            series.GaugeValue += gauge;
        }
    }

    /// <summary>Appends intervals measured elsewhere (merged partial results), after those collected here.</summary>
    internal void ImportIntervals(IEnumerable<IntervalStats> intervals)
    {
        lock (_collectGate)
        {
            _intervals.AddRange(intervals);
        }
    }

    /// <summary>Stops the clock at a given length: a merged run lasts as long as its longest segment.</summary>
    internal void FreezeAt(double elapsedSeconds) => _frozenElapsedSeconds = elapsedSeconds;

    /// <summary>
    /// One frozen registry holding several finished runs as if they were one: trend histograms merged, counts
    /// summed, intervals placed one after another, and the clock the runs' total load time, so rates stay per
    /// second of load. An interleaved comparison judges the head's SLOs on its rounds combined this way.
    /// </summary>
    public static MetricRegistry Combine(IReadOnlyList<MetricRegistry> runs)
    {
        var combined = new MetricRegistry();
        var sink = combined._sinks.Value!;
        var offset = 0.0;
        foreach (var run in runs)
        {
            lock (run._collectGate)
            {
                var sinks = run._sinks.Values;
                foreach (var series in run._series)
                {
                    var target = combined.Register(series.Metric, series.Tags);
                    switch (series.Type)
                    {
                        case MetricType.Trend:
                            target.Accumulated!.Add(series.Accumulated!);
                            break;
                        case MetricType.Counter:
                        case MetricType.Rate:
                            sink.AddCounts(target.Id, ReadCounts(series, sinks));
                            break;
                        default:
                            combined.SetGauge(target, Volatile.Read(ref series.GaugeValue));
                            break;
                    }
                }
                combined._intervals.AddRange(run._intervals.Select(i => i with { StartSeconds = i.StartSeconds + offset, EndSeconds = i.EndSeconds + offset }));
            }
            offset += run.ElapsedSeconds;
        }
        combined._frozenElapsedSeconds = offset;
        return combined;
    }

    /// <summary>
    /// Folds every thread's samples since the last call into the accumulated histograms and appends one
    /// <see cref="IntervalStats"/>. Safe to call from any thread; calls are serialised.
    /// </summary>
    public void Collect()
    {
        lock (_collectGate)
        {
            _mergedTrends.Clear();
            var now = ElapsedSeconds;
            var series = _series;
            var sinks = _sinks.Values;
            var scratch = _scratch;
            var intervalByMetric = _intervalByMetric;
            foreach (var histogram in intervalByMetric.Values)
            {
                histogram.Reset();
            }
            var counterDeltas = new Dictionary<string, long>();
            var rateDeltas = new Dictionary<string, (long Samples, long NonZero)>();

            foreach (var s in series)
            {
                switch (s.Type)
                {
                    case MetricType.Trend:
                        foreach (var sink in sinks)
                        {
                            if (sink.TakeInterval(s.Id, scratch) && scratch.TotalCount > 0)
                            {
                                s.Accumulated!.Add(scratch);
                                if (!intervalByMetric.TryGetValue(s.Metric, out var interval))
                                {
                                    intervalByMetric[s.Metric] = interval = HistogramSettings.CreateAccumulator();
                                }
                                interval.Add(scratch);
                            }
                        }
                        break;
                    case MetricType.Counter:
                    case MetricType.Rate:
                        var total = ReadCounts(s, sinks);
                        _lastCounts.TryGetValue(s.Id, out var last);
                        _lastCounts[s.Id] = total;
                        var delta = total - last;
                        if (s.Type == MetricType.Counter)
                        {
                            counterDeltas[s.Metric] = counterDeltas.GetValueOrDefault(s.Metric) + delta.Sum;
                        }
                        else
                        {
                            var (samples, nonZero) = rateDeltas.GetValueOrDefault(s.Metric);
                            rateDeltas[s.Metric] = (samples + delta.Sum, nonZero + delta.NonZero);
                        }
                        break;
                }
            }

            var trends = intervalByMetric.Where(kv => kv.Value.TotalCount > 0).ToDictionary(
                kv => kv.Key,
                kv => new IntervalTrend(
                    kv.Value.TotalCount,
                    kv.Value.GetValueAtPercentile(50) / 1000.0,
                    kv.Value.GetValueAtPercentile(90) / 1000.0,
                    kv.Value.GetValueAtPercentile(95) / 1000.0,
                    kv.Value.GetValueAtPercentile(99) / 1000.0,
                    kv.Value.GetMaxValue() / 1000.0));
            _intervals.Add(new IntervalStats(_lastCollectSeconds, now, trends, counterDeltas, rateDeltas));
            _lastCollectSeconds = now;
        }
    }

    /// <summary>
    /// The merged value of a metric over every series whose tags include <paramref name="filter"/>, from what
    /// has been collected so far. Aliases (slo_read_latency, availability, ...) resolve to what they view.
    /// </summary>
    public MetricAggregate Query(string metric, IReadOnlyDictionary<string, string> filter)
    {
        var inverted = false;
        if (MetricAliases.All.TryGetValue(metric, out var alias))
        {
            metric = alias.Target;
            filter = filter.Concat(alias.Tags.Where(t => !filter.ContainsKey(t.Key))).ToDictionary();
            inverted = alias.Inverted;
        }
        var type = MetricCatalog.All[metric];
        lock (_collectGate)
        {
            var selected = _series.Where(s => s.Metric == metric && s.Tags.Matches(filter)).ToList();
            var sinks = _sinks.Values;
            switch (type)
            {
                case MetricType.Trend:
                    var key = string.Join('\0', filter.OrderBy(f => f.Key, StringComparer.Ordinal).SelectMany(f => new[] { f.Key, f.Value }).Prepend(metric));
                    if (!_mergedTrends.TryGetValue(key, out var trend))
                    {
                        // A filter nothing matches (the report's write and sync rows of a read-only run) shares one empty histogram.
                        _mergedTrends[key] = trend = selected.Count == 0 ? s_noSamples : Merge(selected);
                    }
                    return trend;
                case MetricType.Rate:
                    var rate = selected.Aggregate(default(SeriesCounts), (sum, s) => sum + ReadCounts(s, sinks));
                    return new RateAggregate(inverted ? rate.Sum - rate.NonZero : rate.NonZero, rate.Sum);
                case MetricType.Counter:
                    return new CounterAggregate(selected.Sum(s => ReadCounts(s, sinks).Sum), ElapsedSeconds);
                default:
                    return new GaugeAggregate(selected.Sum(s => Volatile.Read(ref s.GaugeValue)), selected.Count);
            }
        }
    }

    /// <summary>A trend's <see cref="Query"/>: its merged distribution.</summary>
    public TrendAggregate QueryTrend(string metric, IReadOnlyDictionary<string, string> filter) => Query<TrendAggregate>(metric, filter);

    /// <summary>A rate's <see cref="Query"/>: its non-zero and total samples.</summary>
    public RateAggregate QueryRate(string metric, IReadOnlyDictionary<string, string> filter) => Query<RateAggregate>(metric, filter);

    /// <summary>A counter's <see cref="Query"/>: its sum and rate per second.</summary>
    public CounterAggregate QueryCounter(string metric, IReadOnlyDictionary<string, string> filter) => Query<CounterAggregate>(metric, filter);

    private TAggregate Query<TAggregate>(string metric, IReadOnlyDictionary<string, string> filter) where TAggregate : MetricAggregate =>
        Query(metric, filter) as TAggregate
        ?? throw new ArgumentException($"'{metric}' is a {MetricCatalog.All[metric]} metric, not the {typeof(TAggregate).Name} asked for.", nameof(metric));

    /// <summary>True when a series of the metric (or of what an alias views) with these tags was ever registered.</summary>
    public bool HasSeries(string metric, IReadOnlyDictionary<string, string> filter)
    {
        var recorded = MetricAliases.RecordedMetric(metric);
        return _series.Any(s => s.Metric == recorded && s.Tags.Matches(filter));
    }

    /// <summary>The metric names (aliases included) that have at least one series, in catalog order.</summary>
    public IEnumerable<string> MetricsWithData()
    {
        var recorded = _series.Select(s => s.Metric).ToHashSet();
        return MetricCatalog.All.Keys.Where(m =>
            recorded.Contains(MetricAliases.RecordedMetric(m)));
    }

    private static TrendAggregate Merge(List<Series> selected)
    {
        var merged = HistogramSettings.CreateAccumulator();
        foreach (var s in selected)
        {
            merged.Add(s.Accumulated!);
        }
        return new TrendAggregate(merged);
    }

    private static SeriesCounts ReadCounts(Series series, IList<ThreadSink> sinks)
    {
        var total = default(SeriesCounts);
        foreach (var sink in sinks)
        {
            total += sink.ReadCounts(series.Id);
        }
        return total;
    }
}
