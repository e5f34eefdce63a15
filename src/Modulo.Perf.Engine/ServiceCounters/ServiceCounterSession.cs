using System.Diagnostics;
using System.Globalization;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing;
using Modulo.Perf.Engine.Metrics;

namespace Modulo.Perf.Engine.ServiceCounters;

/// <summary>
/// Listens to a running .NET service over its diagnostics IPC (an EventPipe session, as dotnet-counters does)
/// while the load runs, and turns what it hears into the <c>service_*</c> metrics of the run's registry: live,
/// so thresholds and the progress line see them, and once more when <see cref="StopAsync"/> closes the session.
/// The CPU time of a local process is read from the operating system (exact, not sampled); through a diagnostic
/// port (a service in a container) it comes from the runtime's CPU-usage counter, a share of the service's
/// processors each interval. Everything else comes from the runtime's counters and ASP.NET Core's meters.
/// </summary>
public sealed class ServiceCounterSession
{
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(10);
    private static readonly IReadOnlyDictionary<string, string> NoFilter = new Dictionary<string, string>();

    private readonly ServiceTarget _target;
    private readonly Process? _process;
    private readonly MetricRegistry _registry;
    private readonly EventPipeSession _session;
    private readonly string _sessionId;
    private readonly Dictionary<string, CounterTrack> _tracks;
    private readonly TimeSpan _cpuAtStart;
    private readonly long _startTimestamp = Stopwatch.GetTimestamp();
    private readonly int _threadPoolQueueSeries;
    private readonly Task _reading;
    private TimeSpan _cpuLastSeen;
    private int? _processorCount;
    private volatile bool _stopping;
    private volatile bool _streamLost;
    private double _counterCpuMilliseconds;

    private ServiceCounterSession(ServiceTarget target, Process? process, MetricRegistry registry, EventPipeSession session, string sessionId)
    {
        _target = target;
        _process = process;
        _registry = registry;
        _session = session;
        _sessionId = sessionId;
        _tracks = ServiceCounterNames.Kept.ToDictionary(kept => kept.Name, kept => new CounterTrack(kept.Name, kept.Unit));
        _cpuAtStart = _cpuLastSeen = process?.TotalProcessorTime ?? TimeSpan.Zero;
        _threadPoolQueueSeries = registry.Register(MetricCatalog.ServiceThreadPoolQueue, TagSet.Empty).Id;
        _reading = Task.Factory.StartNew(Read, TaskCreationOptions.LongRunning);
    }

    /// <summary>
    /// Starts a session on <paramref name="client"/>, the way into <paramref name="target"/>; <paramref name="process"/>
    /// (owned by the session from here on) is the local process whose CPU time the operating system gives, if any.
    /// </summary>
    /// <exception cref="DiagnosticsClientException">The process offers no usable diagnostics port (also IOException, TimeoutException).</exception>
    internal static async Task<ServiceCounterSession> StartAsync(
        DiagnosticsClient client, ServiceTarget target, Process? process, bool aspNetCoreMeters, MetricRegistry registry, CancellationToken cancellation)
    {
        var sessionId = Guid.NewGuid().ToString();
        var session = await client
            .StartEventPipeSessionAsync(ServiceCounterProviders.For(sessionId, aspNetCoreMeters), requestRundown: false, circularBufferMB: 16, cancellation)
            .ConfigureAwait(false);
        return new ServiceCounterSession(target, process, registry, session, sessionId);
    }

    /// <summary>Closes the session, waits for the last counters in flight, and sets the final <c>service_*</c> values.</summary>
    public async Task<ServiceCounterReport> StopAsync()
    {
        string? problem = null;
        _stopping = true;
        try
        {
            await _session.StopAsync(CancellationToken.None).WaitAsync(DrainTimeout).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is DiagnosticsClientException or IOException or TimeoutException or ObjectDisposedException)
        {
            // The service went away (or stopped answering): what it published until then is still reported.
        }
        await Task.WhenAny(_reading, Task.Delay(DrainTimeout)).ConfigureAwait(false);
        _session.Dispose();
        ReadCpu();
        if (_process?.HasExited == true || (_process is null && _streamLost))
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

    private void Read()
    {
        try
        {
            using var source = new EventPipeEventSource(_session.EventStream);
            source.Dynamic.All += OnEvent;
            source.Process();
            // Through a port there is no process to ask: a stream that ends before it is stopped means the service went away.
            _streamLost = !_stopping;
        }
        catch (Exception ex) when (ex is IOException or EndOfStreamException or ObjectDisposedException or FormatException)
        {
            // The stream ended without its trailer: the service exited or the session was torn down.
            _streamLost = !_stopping;
        }
    }

    private void OnEvent(TraceEvent e)
    {
        if (e.ProviderName == ServiceCounterProviders.RuntimeProvider && e.EventName == "ProcessorCount")
        {
            _processorCount = Convert.ToInt32(e.PayloadByName("processorCount"), CultureInfo.InvariantCulture);
            return;
        }
        if (!CounterEventParser.TryRead(e, _sessionId, out var reading))
        {
            return;
        }
        lock (_tracks)
        {
            if (!_tracks.TryGetValue(reading.Name, out var track))
            {
                return;
            }
            track.Add(_registry.ElapsedSeconds, reading);
            if (reading.Name == ServiceCounterNames.CpuUsage && _processorCount is { } processors)
            {
                // A percentage of all the service's processors over the interval: its CPU time in that interval.
                _counterCpuMilliseconds += reading.Value / 100 * processors * reading.IntervalSeconds * 1000;
            }
            if (reading.Name == ServiceCounterNames.ThreadPoolQueue)
            {
                // Trends hold microseconds and are read in milliseconds: scaled so the queue length reads as itself.
                _registry.RecordTrend(_threadPoolQueueSeries, (long)(reading.Value * 1000));
            }
            // Once a second (the allocation counter comes with every batch): the live values for the progress line.
            if (reading.Name == ServiceCounterNames.AllocationRate)
            {
                ReadCpu();
                PublishDerived();
            }
        }
    }

    private void ReadCpu()
    {
        if (_process is null)
        {
            _cpuLastSeen = TimeSpan.FromMilliseconds(_counterCpuMilliseconds);
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
        var requests = _registry.QueryCounter(MetricCatalog.HttpReqs, NoFilter).Count;
        var elapsedMs = Stopwatch.GetElapsedTime(_startTimestamp).TotalMilliseconds;
        if (requests > 0)
        {
            if (_process is not null || _processorCount is not null)
            {
                Set(MetricCatalog.ServiceCpuPerRequest, (_cpuLastSeen - _cpuAtStart).TotalMilliseconds / requests);
            }
            // No allocation reading at all (a session too short for its first interval) is no measurement, not zero
            // bytes: the value is left unset, and a comparison leaves such a round out instead of pairing a 0.
            var allocated = _tracks[ServiceCounterNames.AllocationRate];
            if (allocated.Points.Count > 0)
            {
                Set(MetricCatalog.ServiceAllocPerRequest, allocated.Total / requests);
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
