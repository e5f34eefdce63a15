using System.Net;
using System.Net.Sockets;

namespace Modulo.Perf.Engine.Http;

/// <summary>
/// The socket SocketsHttpHandler connects through when a run counts its connections: counted open once connected
/// (to the target, or to the proxy), closed once the handler disposes it.
/// </summary>
internal sealed class TalliedStream : NetworkStream
{
    private readonly ConnectionTally _connections;
    private int _closed;

    private TalliedStream(Socket socket, ConnectionTally connections) : base(socket, ownsSocket: true)
    {
        _connections = connections;
        connections.Open();
    }

    public static async ValueTask<Stream> ConnectAsync(DnsEndPoint endPoint, ConnectionTally connections, CancellationToken cancellation)
    {
        // As SocketsHttpHandler connects by default: dual mode, every address of the name tried in turn.
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(endPoint, cancellation).ConfigureAwait(false);
            return new TalliedStream(socket, connections);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (Interlocked.Exchange(ref _closed, 1) == 0)
        {
            _connections.Close();
        }
        base.Dispose(disposing);
    }
}
