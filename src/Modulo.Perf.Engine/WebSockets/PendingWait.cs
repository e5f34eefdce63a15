namespace Modulo.Perf.Engine.WebSockets;

/// <summary>
/// A step waiting for a message: completed by the receive loop on a match, by its timeout, or by the
/// connection closing — whichever comes first; the others find it already completed.
/// </summary>
internal sealed class PendingWait(BoundPredicate predicate, long since)
    : TaskCompletionSource<WaitOutcome>(TaskCreationOptions.RunContinuationsAsynchronously)
{
    public bool Accepts(ReceivedMessage message) =>
        message.ArrivedAt >= since && message.Root is { } root && predicate.Matches(root);
}
