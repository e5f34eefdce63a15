using System.Net.Sockets;

namespace Modulo.Perf.Engine.Http;

/// <summary>Maps socket errors to failure causes, the same way for both transports.</summary>
internal static class SocketFailures
{
    public static HttpFailureCause Classify(SocketError error) => error switch
    {
        SocketError.ConnectionRefused => HttpFailureCause.Refused,
        // EPIPE surfaces as Shutdown: the peer closed while we were still writing.
        SocketError.ConnectionReset or SocketError.ConnectionAborted or SocketError.Shutdown or SocketError.NotConnected
            or SocketError.Disconnecting => HttpFailureCause.Reset,
        SocketError.TimedOut => HttpFailureCause.Timeout,
        // EMFILE and ENFILE: the socket could not even be created.
        SocketError.TooManyOpenSockets => HttpFailureCause.Descriptors,
        _ => HttpFailureCause.Other,
    };
}
