using System.Threading.Tasks.Sources;

namespace Modulo.Perf.Engine.Sockets;

/// <summary>
/// One direction's readiness under edge-triggered epoll, which reports a change once: an edge that comes while
/// nobody waits is kept (<see cref="Ready"/>) for the next attempt, and an attempt that found the socket not ready
/// waits (<see cref="Waiting"/>) for the next edge. The waiter is resumed on the loop's thread, or on the thread
/// pool where the process did not ask for inline completions (<see cref="EpollLoop.InlineCompletions"/>).
/// </summary>
internal sealed class EdgeReadiness : IValueTaskSource
{
    private const int Idle = 0;
    private const int Waiting = 1;
    private const int Ready = 2;

    private ManualResetValueTaskSourceCore<bool> _core = new() { RunContinuationsAsynchronously = !EpollLoop.InlineCompletions };
    private int _state;
    private volatile bool _forever;

    /// <summary>Completes at the next edge, or at once when one came since the last wait (or <see cref="SignalForever"/>).</summary>
    public ValueTask WaitAsync()
    {
        while (true)
        {
            if (_forever || Interlocked.Exchange(ref _state, Idle) == Ready)
            {
                return ValueTask.CompletedTask;
            }
            _core.Reset();
            if (Interlocked.CompareExchange(ref _state, Waiting, Idle) == Idle)
            {
                return new ValueTask(this, _core.Version);
            }
        }
    }

    /// <summary>The loop saw an edge.</summary>
    public void Signal()
    {
        while (true)
        {
            var state = Volatile.Read(ref _state);
            if (state == Ready)
            {
                return;
            }
            if (state == Waiting)
            {
                if (Interlocked.CompareExchange(ref _state, Idle, Waiting) == Waiting)
                {
                    _core.SetResult(true);
                    return;
                }
            }
            else if (Interlocked.CompareExchange(ref _state, Ready, Idle) == Idle)
            {
                return;
            }
        }
    }

    /// <summary>
    /// The loop saw a state that lasts (the peer's end of stream, an error, a hang-up): every wait from now on
    /// completes at once. A partial read does not mean "wait for the next edge" any more: no edge will come.
    /// </summary>
    public void SignalForever()
    {
        _forever = true;
        Signal();
    }

    void IValueTaskSource.GetResult(short token) => _core.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource.GetStatus(short token) => _core.GetStatus(token);

    void IValueTaskSource.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);
}
