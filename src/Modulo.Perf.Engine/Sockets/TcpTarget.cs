using System.Net;
using System.Net.Sockets;

namespace Modulo.Perf.Engine.Sockets;

/// <summary>
/// The TCP side both lean protocol clients (the HTTP/1.1 transport and the <c>ws://</c> handshake) share: where a
/// URI's host points, and an unconnected socket for it with Nagle off (requests and frames are written whole, so
/// delaying a small write only adds latency).
/// </summary>
internal static class TcpTarget
{
    /// <summary>An IP literal as an <see cref="IPEndPoint"/> (no name lookup per connection), a name as a <see cref="DnsEndPoint"/>.</summary>
    public static EndPoint EndPointOf(Uri address) => IPAddress.TryParse(address.IdnHost, out var ip)
        ? new IPEndPoint(ip, address.Port)
        : new DnsEndPoint(address.IdnHost, address.Port);

    /// <summary>
    /// A socket of the endpoint's address family; for a name, a dual-mode socket that connects to each of its
    /// addresses in turn, as SocketsHttpHandler does.
    /// </summary>
    public static Socket CreateSocket(EndPoint endPoint)
    {
        var socket = endPoint is IPEndPoint ip ? new Socket(ip.AddressFamily, SocketType.Stream, ProtocolType.Tcp)
                                               : new Socket(SocketType.Stream, ProtocolType.Tcp);
        socket.NoDelay = true;
        return socket;
    }
}
