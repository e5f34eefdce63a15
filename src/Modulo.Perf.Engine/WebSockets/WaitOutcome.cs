namespace Modulo.Perf.Engine.WebSockets;

/// <summary>How a wait for a message ended.</summary>
internal enum WaitStatus { Matched, TimedOut, Closed }

/// <summary>The end of a wait; for a match, when the message arrived and when the session last sent before it.</summary>
internal readonly record struct WaitOutcome(WaitStatus Status, long ArrivedAt, long LastSendAt)
{
    public static WaitOutcome TimedOut { get; } = new(WaitStatus.TimedOut, 0, 0);
    public static WaitOutcome Closed { get; } = new(WaitStatus.Closed, 0, 0);

    public static WaitOutcome Matched(ReceivedMessage message) => new(WaitStatus.Matched, message.ArrivedAt, message.LastSendAt);
}
