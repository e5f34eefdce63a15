namespace Modulo.Perf.Engine.WebSockets;

/// <summary>Why a <c>ws_errors</c> sample failed: the value of its <c>cause</c> tag.</summary>
internal static class WebSocketErrorCauses
{
    /// <summary>A connect step's handshake failed or timed out.</summary>
    public const string Handshake = "handshake";

    /// <summary>
    /// The socket closed or broke without the engine closing it: one sample per socket, which also stands for the
    /// waits it cut short; or an await found no socket at all.
    /// </summary>
    public const string Closed = "closed";

    /// <summary>An await, subscribe or unsubscribe got no matching message within its timeout.</summary>
    public const string Timeout = "timeout";

    /// <summary>A step found its socket dead and could not open a new one.</summary>
    public const string Reconnect = "reconnect";

    public static IReadOnlyList<string> All { get; } = [Handshake, Closed, Timeout, Reconnect];
}
