using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using static Modulo.Perf.Engine.Sockets.LinuxSocketCalls;

namespace Modulo.Perf.Engine.Sockets;

/// <summary>
/// A connected TCP socket driven by an <see cref="EpollLoop"/> instead of .NET's socket layer: sends and receives
/// are plain system calls on the descriptor, tried only when epoll said the socket is ready, so a request costs one
/// send and one receive. The <see cref="Socket"/> still owns the descriptor (creation, connect, options, close);
/// it never starts an asynchronous operation, so .NET never registers it with its own epoll set.
/// </summary>
internal sealed class EpollSocket : IDisposable
{
    private readonly Socket _socket;
    private readonly int _fd;
    private readonly EdgeReceive _receive;
    private readonly EdgeReadiness _writable = new();

    private EpollSocket(Socket socket)
    {
        _socket = socket;
        _fd = (int)socket.SafeHandle.DangerousGetHandle();
        _receive = new EdgeReceive(_fd);
    }

    /// <summary>This socket's key in <see cref="EpollSocketTable"/> and in its epoll events.</summary>
    public ulong Registration { get; set; }

    /// <summary>Bytes waiting to be received (<c>FIONREAD</c>).</summary>
    public int Available => _socket.Available;

    /// <summary>
    /// Connects to <paramref name="endPoint"/>; a name is resolved here and its addresses are tried in turn, as
    /// .NET's connect to a <see cref="DnsEndPoint"/> does. <paramref name="cancellationToken"/> ends the wait.
    /// </summary>
    public static async ValueTask<EpollSocket> ConnectAsync(EndPoint endPoint, CancellationToken cancellationToken)
    {
        var (addresses, port) = endPoint switch
        {
            IPEndPoint ip => ([ip.Address], ip.Port),
            DnsEndPoint name => (await Dns.GetHostAddressesAsync(name.Host, cancellationToken).ConfigureAwait(false), name.Port),
            _ => throw new ArgumentException($"Not a TCP endpoint: {endPoint}.", nameof(endPoint)),
        };
        if (addresses.Length == 0)
        {
            throw new SocketException((int)SocketError.HostNotFound);
        }

        for (var i = 0; ; i++)
        {
            var target = new IPEndPoint(addresses[i], port);
            var socket = new EpollSocket(TcpTarget.CreateSocket(target));
            try
            {
                await socket.ConnectAsync(target, cancellationToken).ConfigureAwait(false);
                return socket;
            }
            catch (SocketException) when (i + 1 < addresses.Length)
            {
                socket.Dispose();
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }
    }

    private async ValueTask ConnectAsync(IPEndPoint target, CancellationToken cancellationToken)
    {
        _socket.Blocking = false;
        try
        {
            _socket.Connect(target);
        }
        catch (SocketException pending) when (pending.SocketErrorCode is SocketError.WouldBlock or SocketError.InProgress)
        {
        }
        // Registered only now: an unconnected socket reads as writable, a connecting one does not, and adding it to
        // the set reports its state at that moment, so the connection's completion is never missed.
        EpollLoop.Register(_fd, EpollSocketTable.Add(this));
        // Cancellation wakes the wait like an edge (or leaves one for it, if it comes first), and then throws.
        using (cancellationToken.UnsafeRegister(static state => ((EdgeReadiness)state!).Signal(), _writable))
        {
            await _writable.WaitAsync().ConfigureAwait(false);
        }
        cancellationToken.ThrowIfCancellationRequested();
        // SO_ERROR, which .NET hands back as a SocketError.
        var error = (SocketError)(int)_socket.GetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Error)!;
        if (error != SocketError.Success)
        {
            throw new SocketException((int)error);
        }
    }

    /// <summary>Sends all of <paramref name="data"/>; synchronous unless the socket's send buffer is full.</summary>
    public ValueTask SendAsync(ReadOnlyMemory<byte> data)
    {
        var sent = TrySend(data.Span);
        return sent == data.Length ? ValueTask.CompletedTask : SendWhenWritableAsync(data[sent..]);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask SendWhenWritableAsync(ReadOnlyMemory<byte> rest)
    {
        while (!rest.IsEmpty)
        {
            await _writable.WaitAsync().ConfigureAwait(false);
            rest = rest[TrySend(rest.Span)..];
        }
    }

    /// <summary>Sends until done or the send buffer is full; returns how many bytes went.</summary>
    private unsafe int TrySend(ReadOnlySpan<byte> data)
    {
        fixed (byte* start = data)
        {
            var sent = 0;
            while (sent < data.Length)
            {
                var result = Send(_fd, start + sent, data.Length - sent, MsgNoSignal);
                if (result < 0)
                {
                    if (LastCallWouldBlock(out var errno))
                    {
                        break;
                    }
                    throw Failure(errno);
                }
                sent += (int)result;
            }
            return sent;
        }
    }

    /// <summary>Receives what has arrived into <paramref name="buffer"/>, once epoll reported some; 0 at end of stream.</summary>
    public ValueTask<int> ReceiveAsync(Memory<byte> buffer) => _receive.ReceiveAsync(buffer);

    /// <summary>Called by the loop with the events epoll reported.</summary>
    public void OnReadinessChanged(uint events)
    {
        // The peer's end of stream, an error or a hang-up lasts, and each is reported once: from then on every
        // receive (and, for the last two, every send) tries the call, which returns the end or the error.
        if ((events & (EpollRdHup | EpollHup | EpollErr)) != 0)
        {
            _receive.SignalForever();
        }
        else if ((events & EpollIn) != 0)
        {
            _receive.Signal();
        }

        if ((events & (EpollHup | EpollErr)) != 0)
        {
            _writable.SignalForever();
        }
        else if ((events & EpollOut) != 0)
        {
            _writable.Signal();
        }
    }

    /// <summary>
    /// Ends the connection from another thread: shuts both directions down, so a pending receive sees the end and a
    /// pending send fails at once. The descriptor stays open until <see cref="Dispose"/>: closing it here could
    /// close a descriptor number another connection was given meanwhile, and the waits would never hear of it.
    /// </summary>
    public void Abort()
    {
        var handle = _socket.SafeHandle;
        var added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            Shutdown(_fd, ShutdownBoth);
        }
        catch (ObjectDisposedException)
        {
            // Disposed already: nothing left to end.
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    public void Dispose()
    {
        if (Registration != 0)
        {
            EpollSocketTable.Remove(Registration);
        }
        _socket.Dispose();
    }
}
