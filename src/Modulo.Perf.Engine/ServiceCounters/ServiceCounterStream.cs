using System.Globalization;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing;

namespace Modulo.Perf.Engine.ServiceCounters;

/// <summary>
/// The one EventPipe session an attachment keeps open on the service, from the attach check before the warm-up
/// until the run ends: each load (a run, or every round of a comparison) listens to it for its own time span
/// (<see cref="ServiceCounterSession"/>) instead of opening a session of its own. A session per load lost its
/// readings in short rounds: the runtime publishes its counters one interval after a session is enabled, so a
/// session opened at the start of a 2 s round had at most one batch in flight when it was stopped, and at times
/// none reached the engine. Kept open, the service publishes every second whatever the engine does, and the
/// session's set-up on both sides (the service's counters and EventPipe thread, the engine's parser) is paid once,
/// before any measured load.
/// </summary>
internal sealed class ServiceCounterStream : IAsyncDisposable
{
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(10);

    private readonly EventPipeSession _session;
    private readonly string _sessionId;
    private readonly Task _reading;
    private Action<DateTime, CounterReading>? _listener;
    private volatile bool _stopping;
    private volatile bool _lost;
    private volatile int _processorCount;
    // When the runtime's counters were enabled, then when they were last published (UTC ticks): see Publication.
    private long _publicationTicks = DateTime.UtcNow.Ticks;

    private ServiceCounterStream(EventPipeSession session, string sessionId)
    {
        _session = session;
        _sessionId = sessionId;
        // Blocks on the IPC stream (no polling): the service writes its buffered events about every 100 ms.
        _reading = Task.Factory.StartNew(Read, TaskCreationOptions.LongRunning);
    }

    /// <summary>The service's processor count (0 until its event arrives), which turns its CPU-usage counter into CPU time.</summary>
    public int ProcessorCount => _processorCount;

    /// <summary>
    /// A time the service published its runtime counters at (UTC), listened to or not: the last one heard, or before
    /// the first, when the session began, which the runtime's counters treat as a publication (the first follows it
    /// by one interval), give or take the time the command took to reach the service.
    /// </summary>
    public DateTime Publication => new(Interlocked.Read(ref _publicationTicks), DateTimeKind.Utc);

    /// <summary>The stream ended before the engine stopped it: the service exited or dropped the connection.</summary>
    public bool Lost => _lost;

    /// <exception cref="DiagnosticsClientException">The process offers no usable diagnostics port (also IOException, TimeoutException).</exception>
    public static async Task<ServiceCounterStream> StartAsync(DiagnosticsClient client, bool aspNetCoreMeters, CancellationToken cancellation)
    {
        var sessionId = Guid.NewGuid().ToString();
        var session = await client
            .StartEventPipeSessionAsync(ServiceCounterProviders.For(sessionId, aspNetCoreMeters), requestRundown: false, circularBufferMB: 16, cancellation)
            .ConfigureAwait(false);
        return new ServiceCounterStream(session, sessionId);
    }

    /// <summary>
    /// Who gets the readings from now on (null: nobody; readings between loads are dropped), each with the time the
    /// service published it (UTC). They arrive about one interval late: TraceEvent holds a batch of the stream's events
    /// until the next batch shows that nothing earlier is still to come.
    /// </summary>
    public void Listen(Action<DateTime, CounterReading>? listener) => Volatile.Write(ref _listener, listener);

    public async ValueTask DisposeAsync()
    {
        _stopping = true;
        try
        {
            await _session.StopAsync(CancellationToken.None).WaitAsync(DrainTimeout).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is DiagnosticsClientException or IOException or TimeoutException or ObjectDisposedException
            or System.Net.Sockets.SocketException)
        {
            // The service went away (or stopped answering): there is nothing left to stop.
        }
        await Task.WhenAny(_reading, Task.Delay(DrainTimeout)).ConfigureAwait(false);
        _session.Dispose();
    }

    private void Read()
    {
        try
        {
            using var source = new EventPipeEventSource(_session.EventStream);
            source.Dynamic.All += OnEvent;
            source.Process();
        }
        catch (Exception ex) when (ex is IOException or EndOfStreamException or ObjectDisposedException or FormatException)
        {
            // The stream ended without its trailer: the service exited or the session was torn down.
        }
        _lost = !_stopping;
    }

    private void OnEvent(TraceEvent e)
    {
        if (e.ProviderName == ServiceCounterProviders.RuntimeProvider && e.EventName == "ProcessorCount")
        {
            _processorCount = Convert.ToInt32(e.PayloadByName("processorCount"), CultureInfo.InvariantCulture);
            return;
        }
        if (CounterEventParser.TryRead(e, _sessionId, out var reading))
        {
            var published = e.TimeStamp.ToUniversalTime();
            if (reading.IntervalSeconds > 0)
            {
                Interlocked.Exchange(ref _publicationTicks, published.Ticks);
            }
            Volatile.Read(ref _listener)?.Invoke(published, reading);
        }
    }
}
