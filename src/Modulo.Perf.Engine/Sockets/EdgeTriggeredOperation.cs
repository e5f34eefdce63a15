using System.Threading.Tasks.Sources;

namespace Modulo.Perf.Engine.Sockets;

/// <summary>
/// One direction of a socket under edge-triggered epoll, which reports a change once: an edge that comes while
/// nobody waits is kept (<see cref="Ready"/>) for the next attempt, and an attempt that found the socket not ready
/// waits (<see cref="Waiting"/>) for the next edge. The attempt (<see cref="TryComplete"/>) is the subclass's: a
/// receive is made by the loop's thread right at the edge, so a response costs its reader one await, not two. The
/// waiter is resumed on the loop's thread, or on the thread pool where the process did not ask for inline
/// completions (<see cref="EpollLoop.InlineCompletions"/>).
/// </summary>
internal abstract class EdgeTriggeredOperation<TResult> : IValueTaskSource<TResult>
{
    private const int Idle = 0;
    private const int Waiting = 1;
    private const int Ready = 2;

    private ManualResetValueTaskSourceCore<TResult> _core = new() { RunContinuationsAsynchronously = !EpollLoop.InlineCompletions };
    private int _state;
    private volatile bool _forever;

    /// <summary>
    /// The operation, tried when the socket may be ready; false when it was not after all (the edge was consumed by
    /// an earlier attempt), and the next edge is waited for. A failure is thrown (and, at an edge, handed to the waiter).
    /// </summary>
    protected abstract bool TryComplete(out TResult result);

    /// <summary>
    /// Completes with the operation's result at once when an edge came since the last wait and the attempt succeeds
    /// (or after <see cref="SignalForever"/>), otherwise at the next edge that lets it.
    /// </summary>
    protected ValueTask<TResult> WhenReadyAsync()
    {
        while (true)
        {
            if ((_forever || Interlocked.Exchange(ref _state, Idle) == Ready) && TryComplete(out var result))
            {
                return new ValueTask<TResult>(result);
            }
            _core.Reset();
            if (Interlocked.CompareExchange(ref _state, Waiting, Idle) == Idle)
            {
                return new ValueTask<TResult>(this, _core.Version);
            }
        }
    }

    /// <summary>
    /// Called by <see cref="TryComplete"/> when the operation left something behind whose edge has passed (a receive
    /// that filled its buffer): the next attempt is made at once instead of waiting for an edge that will not come.
    /// </summary>
    protected void KeepReady() => Volatile.Write(ref _state, Ready);

    /// <summary>The loop saw an edge (or a connect's cancellation wakes the wait).</summary>
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
                    CompleteWaiter();
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
    /// The loop saw a state that lasts (the peer's end of stream, an error, a hang-up): every attempt from now on is
    /// made at once. A partial read does not mean "wait for the next edge" any more: no edge will come.
    /// </summary>
    public void SignalForever()
    {
        _forever = true;
        Signal();
    }

    // The waiter's edge: the attempt is made here, and the waiter resumed with what it gave.
    private void CompleteWaiter()
    {
        TResult result;
        try
        {
            if (!TryComplete(out result))
            {
                // Not ready after all: wait on for the next edge, which only this loop's thread reports.
                Volatile.Write(ref _state, Waiting);
                return;
            }
        }
        catch (Exception failure)
        {
            _core.SetException(failure);
            return;
        }
        _core.SetResult(result);
    }

    TResult IValueTaskSource<TResult>.GetResult(short token) => _core.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource<TResult>.GetStatus(short token) => _core.GetStatus(token);

    void IValueTaskSource<TResult>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);
}
