using System.Diagnostics;

namespace Modulo.Perf.Engine.Http;

/// <summary>
/// One lean transport's request in flight, timed by <see cref="RequestWatchdog"/> instead of a timer per request:
/// starting a request writes its number, finishing it clears it. The watchdog times a request from the first tick
/// that sees it, so the hot path reads no clock; a request cannot time out early, only up to two ticks late. When
/// its timeout passed or the run's stop fired, the watchdog aborts the request's connection (its socket is shut
/// down, so the pending connect, send or receive fails at once) and <see cref="Aborted"/> tells the transport why
/// its socket failed.
/// </summary>
internal sealed class RequestWatch : IDisposable
{
    // _state holds the armed request's number (always positive, never the same twice), or one of these.
    private const long IdleState = 0;
    private const long AbortingState = -1;
    private const long AbortedState = -2;

    private readonly long _timeout;
    private long _state;
    private long _armed;
    // The watchdog's own: the request it last saw armed, and when it first saw it.
    private long _seenRequest;
    private long _seenAt;
    private CancellationToken _runStop;
    private Http11Connection? _connection;
    private int _finishedAtTick;
    private bool _registered;

    public RequestWatch(TimeSpan timeout)
    {
        // Capped at ten years so that the conversion to Stopwatch ticks cannot overflow.
        var capped = timeout < TimeSpan.FromDays(3650) ? timeout : TimeSpan.FromDays(3650);
        _timeout = (long)(capped.Ticks * ((double)Stopwatch.Frequency / TimeSpan.TicksPerSecond));
    }

    /// <summary>True when the watchdog aborted the current request (timeout, or the run's stop when its token fired).</summary>
    public bool Aborted => Volatile.Read(ref _state) < 0;

    /// <summary>
    /// True when the watchdog ticked since the previous request finished: the connection sat idle for a while, long
    /// enough for a server's late bytes or close to have arrived. Back-to-back requests under load rarely see it.
    /// </summary>
    public bool IdleSinceLastRequest => RequestWatchdog.Ticks != _finishedAtTick;

    /// <summary>Arms the deadline for a request about to be sent on behalf of a run stopped by <paramref name="runStop"/>.</summary>
    public void Start(CancellationToken runStop)
    {
        runStop.ThrowIfCancellationRequested();
        if (!_registered)
        {
            RequestWatchdog.Add(this);
            _registered = true;
        }
        // The token is written before the number that makes the watchdog read it.
        _runStop = runStop;
        Volatile.Write(ref _state, ++_armed);
    }

    /// <summary>Makes <paramref name="connection"/> the one the watchdog aborts (called when a request opens a new one).</summary>
    public void Watch(Http11Connection connection)
    {
        // A full fence between publishing the connection and reading the state, as the watchdog has between claiming
        // the request and reading the connection: either it sees this connection, or this sees its claim.
        Interlocked.Exchange(ref _connection, connection);
        if (Aborted)
        {
            connection.Abort();
        }
    }

    /// <summary>Disarms the deadline; if the watchdog claimed the request, waits until it has aborted the connection.</summary>
    public void Finish()
    {
        if (Interlocked.CompareExchange(ref _state, IdleState, _armed) != _armed)
        {
            // Otherwise the watchdog's abort could land on the next request's connection.
            var wait = new SpinWait();
            while (Volatile.Read(ref _state) != AbortedState)
            {
                wait.SpinOnce();
            }
            Volatile.Write(ref _state, IdleState);
        }
        _finishedAtTick = RequestWatchdog.Ticks;
    }

    /// <summary>The watchdog's look at this transport at its tick's <paramref name="now"/>.</summary>
    internal void Check(long now)
    {
        var request = Volatile.Read(ref _state);
        if (request <= IdleState)
        {
            return;
        }
        if (request != _seenRequest)
        {
            // Read after the request was seen, so never before it started: its time is never overstated.
            _seenRequest = request;
            _seenAt = Stopwatch.GetTimestamp();
        }
        if (now - _seenAt < _timeout && !_runStop.IsCancellationRequested)
        {
            return;
        }
        // Claimed only if the same request is still in flight.
        if (Interlocked.CompareExchange(ref _state, AbortingState, request) != request)
        {
            return;
        }
        Volatile.Read(ref _connection)?.Abort();
        Volatile.Write(ref _state, AbortedState);
    }

    public void Dispose()
    {
        if (_registered)
        {
            RequestWatchdog.Remove(this);
            _registered = false;
        }
    }
}
