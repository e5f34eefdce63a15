namespace Modulo.Perf.Engine.WebSockets;

/// <summary>
/// Where a connection's received messages meet the step waiting for one. A message that no wait accepts is kept
/// (the last <see cref="UnmatchedCapacity"/> only), because a fast reply can arrive before its await step starts.
/// Each message satisfies at most one wait. Used by the receive loop and the VU's steps, hence the lock.
/// </summary>
internal sealed class MessageInbox : IDisposable
{
    public const int UnmatchedCapacity = 16;

    private readonly Lock _gate = new();
    private readonly List<ReceivedMessage> _unmatched = new();
    private PendingWait? _pending;
    private bool _closed;

    /// <summary>Hands a message to the pending wait if it accepts it, else keeps it for a later wait.</summary>
    public void Deliver(ReceivedMessage message)
    {
        lock (_gate)
        {
            if (_pending is { } wait && wait.Accepts(message))
            {
                _pending = null;
                wait.TrySetResult(WaitOutcome.Matched(message));
                message.Dispose();
                return;
            }
            _unmatched.Add(message);
            if (_unmatched.Count > UnmatchedCapacity)
            {
                _unmatched[0].Dispose();
                _unmatched.RemoveAt(0);
            }
        }
    }

    /// <summary>No more messages will come: fails the pending wait, and every later one that finds no kept message.</summary>
    public void Close()
    {
        lock (_gate)
        {
            _closed = true;
            _pending?.TrySetResult(WaitOutcome.Closed);
            _pending = null;
        }
    }

    /// <summary>Forgets kept messages, so a reused connection starts an iteration without stale replies.</summary>
    public void DiscardUnmatched()
    {
        lock (_gate)
        {
            _unmatched.ForEach(m => m.Dispose());
            _unmatched.Clear();
        }
    }

    /// <summary>
    /// Waits for a message that arrived at or after <paramref name="since"/> (a Stopwatch timestamp) and matches
    /// <paramref name="predicate"/>, for at most <paramref name="timeout"/>.
    /// </summary>
    /// <exception cref="OperationCanceledException"><paramref name="hardStop"/> fired.</exception>
    public async ValueTask<WaitOutcome> WaitAsync(BoundPredicate predicate, long since, TimeSpan timeout, CancellationToken hardStop)
    {
        var wait = new PendingWait(predicate, since);
        lock (_gate)
        {
            var kept = _unmatched.FindIndex(wait.Accepts);
            if (kept >= 0)
            {
                var message = _unmatched[kept];
                _unmatched.RemoveAt(kept);
                var matched = WaitOutcome.Matched(message);
                message.Dispose();
                return matched;
            }
            if (_closed)
            {
                return WaitOutcome.Closed;
            }
            _pending = wait;
        }
        using (var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(hardStop))
        using (timeoutSource.Token.Register(static state => ((PendingWait)state!).TrySetResult(WaitOutcome.TimedOut), wait))
        {
            timeoutSource.CancelAfter(timeout);
            var outcome = await wait.Task.ConfigureAwait(false);
            lock (_gate)
            {
                if (_pending == wait)
                {
                    _pending = null;
                }
            }
            hardStop.ThrowIfCancellationRequested();
            return outcome;
        }
    }

    public void Dispose() => DiscardUnmatched();
}
