namespace Modulo.Perf.Engine.Sockets;

/// <summary>
/// Readiness alone, where the waiter makes the call itself: a connect's completion, and a send that found the
/// socket's buffer full (rare enough that it stays the sender's).
/// </summary>
internal sealed class EdgeReadiness : EdgeTriggeredOperation<bool>
{
    /// <summary>Completes at the next edge, or at once when one came since the last wait.</summary>
    public ValueTask<bool> WaitAsync() => WhenReadyAsync();

    protected override bool TryComplete(out bool result)
    {
        result = true;
        return true;
    }
}
