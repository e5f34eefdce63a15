using System.Diagnostics;
using Modulo.Perf.Engine.Metrics;

namespace Modulo.Perf.Engine.ServiceCounters;

/// <summary>
/// The service's counters during one load: it listens to the attachment's <see cref="ServiceCounterStream"/> from
/// the start of the load until <see cref="StopAsync"/>, and turns what it hears into the <c>service_*</c> metrics of
/// the load's registry: live, so thresholds and the progress line see them, and once more when it stops.
/// The CPU time of a local process is read from the operating system (exact, not sampled); through a diagnostic
/// port (a service in a container) it comes from the runtime's CPU-usage counter, a share of the service's
/// processors each interval. Everything else comes from the runtime's counters and ASP.NET Core's meters.
/// Allocation per request (and a port's CPU per request) divides the counter's increments over the intervals
/// that lie whole inside the load, placed by the service's own timestamps, by the requests the load completed
/// over the same intervals (<see cref="RequestTimeline"/>). Dividing every increment heard by every request, as
/// before, mixed in a share of the warm-up or idle time before the load and missed the last, partial interval.
/// </summary>
public sealed class ServiceCounterSession
{
    private static readonly IReadOnlyDictionary<string, string> NoFilter = new Dictionary<string, string>();
    private static readonly TimeSpan RequestSampling = TimeSpan.FromMilliseconds(100);
    // A load shorter than two intervals may have none whole inside it yet when it ends: it then waits for the one
    // it holds, which arrives up to an interval after the next one is published. A load that holds none (shorter
    // than an interval, or placed between two publications: CounterIntervals) does not wait.
    private static readonly TimeSpan WholeIntervalTimeout = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(ServiceCounterProviders.IntervalSeconds);

    private readonly ServiceTarget _target;
    private readonly Process? _process;
    private readonly MetricRegistry _registry;
    private readonly ServiceCounterStream _stream;
    private readonly Dictionary<string, CounterTrack> _tracks;
    private readonly TimeSpan _cpuAtStart;
    private readonly DateTime _loadStart = DateTime.UtcNow;
    private readonly int _threadPoolQueueSeries;
    private readonly RequestTimeline _requests = new();
    private readonly Timer _requestSampler;
    private readonly TaskCompletionSource _wholeInterval = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private DateTime? _loadEnd;
    private TimeSpan _cpuLastSeen;
    // Over the intervals whole inside the load: the bytes allocated, the CPU the counters measured, the requests.
    private double _allocatedInWindow;
    private double _counterCpuMillisecondsInWindow;
    private double _requestsInWindow;

    private ServiceCounterSession(ServiceTarget target, Process? process, MetricRegistry registry, ServiceCounterStream stream)
    {
        _target = target;
        _process = process;
        _registry = registry;
        _stream = stream;
        _tracks = ServiceCounterNames.Kept.ToDictionary(kept => kept.Name, kept => new CounterTrack(kept.Name, kept.Unit));
        _cpuAtStart = _cpuLastSeen = process?.TotalProcessorTime ?? TimeSpan.Zero;
        _threadPoolQueueSeries = registry.Register(MetricCatalog.ServiceThreadPoolQueue, TagSet.Empty).Id;
        _requests.Add(_loadStart, 0);
        _requestSampler = new Timer(_ => SampleRequests(), null, RequestSampling, RequestSampling);
    }

    /// <summary>
    /// Starts listening to <paramref name="stream"/> for the load recorded into <paramref name="registry"/>;
    /// <paramref name="process"/> (owned by the session from here on) is the local process whose CPU time the
    /// operating system gives, if any.
    /// </summary>
    internal static ServiceCounterSession Start(ServiceCounterStream stream, ServiceTarget target, Process? process, MetricRegistry registry)
    {
        var session = new ServiceCounterSession(target, process, registry, stream);
        stream.Listen(session.OnReading);
        return session;
    }

    /// <summary>Stops listening and sets the final <c>service_*</c> values; the stream stays open for the next load.</summary>
    public async Task<ServiceCounterReport> StopAsync()
    {
        await _requestSampler.DisposeAsync().ConfigureAwait(false);
        lock (_tracks)
        {
            _loadEnd = DateTime.UtcNow;
            _requests.Add(_loadEnd.Value, Requests());
        }
        ReadCpu();
        if (!_stream.Lost && CounterIntervals.CanHoldWhole(_loadStart, _loadEnd.Value, _stream.Publication, Interval))
        {
            await Task.WhenAny(_wholeInterval.Task, Task.Delay(WholeIntervalTimeout)).ConfigureAwait(false);
        }
        _stream.Listen(null);
        string? problem = null;
        if (_process?.HasExited == true || (_process is null && _stream.Lost))
        {
            problem = $"the service ({_target}) exited during the load; its counters cover the load until then";
        }
        _process?.Dispose();

        lock (_tracks)
        {
            PublishDerived();
            var cpu = _tracks[ServiceCounterNames.CpuUsage].Points;
            var allocated = _tracks[ServiceCounterNames.AllocationRate].Points;
            var timeline = cpu.Zip(allocated, (c, a) => new ServiceCounterPoint(Math.Round(c.Seconds, 3), c.Value, a.Value)).ToList();
            return new ServiceCounterReport(_target, problem, [.. _tracks.Values.Select(t => t.Summarize())], timeline);
        }
    }

    private void SampleRequests()
    {
        lock (_tracks)
        {
            if (_loadEnd is null)
            {
                _requests.Add(DateTime.UtcNow, Requests());
            }
        }
    }

    /// <param name="published">When the service published the reading: the end of its interval.</param>
    private void OnReading(DateTime published, CounterReading reading)
    {
        lock (_tracks)
        {
            // Batches arrive about an interval late: one published before the load is not the load's, nor one after it.
            if (published <= _loadStart || published > (_loadEnd ?? DateTime.MaxValue) || !_tracks.TryGetValue(reading.Name, out var track))
            {
                return;
            }
            track.Add((published - _loadStart).TotalSeconds, reading);
            // Whole inside the load (the meters do not say their interval, and their increments are not divided), and
            // with its requests known: the request sampler runs on a timer, which a busy process can hold back past
            // the interval's end, and the requests read there would then be too few (the likely cause, not proven, of
            // one fresh-clone run that read +46 % allocation per request).
            var whole = reading.IntervalSeconds > 0 && published.AddSeconds(-reading.IntervalSeconds) >= _loadStart
                && _requests.Reaches(published);
            if (whole && reading.Name == ServiceCounterNames.CpuUsage && _stream.ProcessorCount > 0)
            {
                // A percentage of all the service's processors over the interval: its CPU time in that interval.
                _counterCpuMillisecondsInWindow += reading.Value / 100 * _stream.ProcessorCount * reading.IntervalSeconds * 1000;
            }
            if (reading.Name == ServiceCounterNames.ThreadPoolQueue)
            {
                // Trends hold microseconds and are read in milliseconds: scaled so the queue length reads as itself.
                _registry.RecordTrend(_threadPoolQueueSeries, (long)(reading.Value * 1000));
            }
            // The allocation counter closes every batch (it comes after the CPU usage): once a second, the window
            // grows by an interval and the live values for the progress line are refreshed.
            if (reading.Name == ServiceCounterNames.AllocationRate)
            {
                var requests = whole ? _requests.At(published) - _requests.At(published.AddSeconds(-reading.IntervalSeconds)) : 0;
                // An interval that served requests without allocating one byte is a reading gone wrong, not a
                // measurement: ASP.NET Core allocates for every request. Such readings were seen for whole rounds of a
                // freshly started service on a busy machine (a fresh-clone CI run), where they paired as "3289→0 B";
                // the interval is left out like one the load did not span whole.
                if (whole && !(reading.Value <= 0 && requests > 0))
                {
                    _allocatedInWindow += reading.Value;
                    _requestsInWindow += requests;
                    _wholeInterval.TrySetResult();
                }
                ReadCpu();
                PublishDerived();
            }
        }
    }

    private long Requests() => _registry.QueryCounter(MetricCatalog.HttpReqs, NoFilter).Count;

    private void ReadCpu()
    {
        if (_process is null)
        {
            return;
        }
        try
        {
            _process.Refresh();
            _cpuLastSeen = _process.TotalProcessorTime;
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // Exited: the last time read stands.
        }
    }

    private void PublishDerived()
    {
        var requests = Requests();
        var elapsedMs = ((_loadEnd ?? DateTime.UtcNow) - _loadStart).TotalMilliseconds;
        // Likewise no CPU time at all for requests served is no reading (the operating system counts in 10 ms ticks).
        if (_process is not null && requests > 0 && _cpuLastSeen > _cpuAtStart)
        {
            Set(MetricCatalog.ServiceCpuPerRequest, (_cpuLastSeen - _cpuAtStart).TotalMilliseconds / requests);
        }
        // No whole interval inside the load yet (a load shorter than about two intervals) is no measurement, not
        // zero: the values are left unset, and a comparison leaves such a round out instead of pairing a 0.
        if (_requestsInWindow > 0)
        {
            Set(MetricCatalog.ServiceAllocPerRequest, _allocatedInWindow / _requestsInWindow);
            if (_process is null && _stream.ProcessorCount > 0)
            {
                Set(MetricCatalog.ServiceCpuPerRequest, _counterCpuMillisecondsInWindow / _requestsInWindow);
            }
        }
        var pause = _tracks[ServiceCounterNames.GcPauseTime];
        if (pause.Points.Count > 0 && elapsedMs > 0)
        {
            Set(MetricCatalog.ServiceGcPauseRatio, pause.Growth / elapsedMs);
        }
        Set(MetricCatalog.ServiceGen2Collections, _tracks[ServiceCounterNames.Gen2Collections].Total);
        Set(MetricCatalog.ServiceExceptions, _tracks[ServiceCounterNames.Exceptions].Total);
        var workingSet = _tracks[ServiceCounterNames.WorkingSet];
        if (workingSet.Points.Count > 0)
        {
            Set(MetricCatalog.ServiceWorkingSet, workingSet.Max * 1024 * 1024);
        }
        var duration = _tracks[ServiceCounterNames.ServerRequestDuration];
        if (duration.Count > 0)
        {
            Set(MetricCatalog.ServiceRequestDuration, duration.Total / duration.Count);
        }
    }

    private void Set(string metric, double value) => _registry.SetGauge(_registry.Register(metric, TagSet.Empty), value);
}
