using System.Net;
using System.Net.Sockets;

namespace Modulo.Perf.Engine.Tests.Http;

/// <summary>
/// A TcpListener on 127.0.0.1 that speaks hand-written HTTP, for the cases Kestrel will not produce (garbage,
/// resets, chunk extensions). Each accepted connection runs <c>handler</c>; connections and requests are counted.
/// </summary>
internal sealed class RawHttpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Func<RawHttpConnection, CancellationToken, Task> _handler;
    private readonly List<Task> _connections = [];
    private readonly Task _acceptLoop;
    private int _connectionCount;
    private int _requestCount;

    private RawHttpServer(Func<RawHttpConnection, CancellationToken, Task> handler)
    {
        _handler = handler;
        _listener.Start();
        BaseUrl = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
        _acceptLoop = AcceptLoopAsync();
    }

    public Uri BaseUrl { get; }
    public int Connections => Volatile.Read(ref _connectionCount);
    public int Requests => Volatile.Read(ref _requestCount);

    public static RawHttpServer Start(Func<RawHttpConnection, CancellationToken, Task> handler) => new(handler);

    /// <summary>Serves every request on a connection with <paramref name="response"/> until the client closes it.</summary>
    public static RawHttpServer Responding(string response) => Start(async (connection, stop) =>
    {
        while (await connection.ReadRequestAsync(stop) is not null)
        {
            await connection.WriteAsync(response, stop);
        }
    });

    internal void CountRequest() => Interlocked.Increment(ref _requestCount);

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception e) when (_stop.IsCancellationRequested && e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                // Disposed: the cancellation or the listener's close, whichever reached the pending accept first, ends it.
                return;
            }
            Interlocked.Increment(ref _connectionCount);
            lock (_connections)
            {
                _connections.Add(ServeAsync(new RawHttpConnection(this, socket)));
            }
        }
    }

    private async Task ServeAsync(RawHttpConnection connection)
    {
        try
        {
            await _handler(connection, _stop.Token);
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The client went away or the test ended: either is how a connection ends here.
        }
        finally
        {
            connection.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        await _acceptLoop;
        Task[] running;
        lock (_connections)
        {
            running = [.. _connections];
        }

        await Task.WhenAll(running);
        _stop.Dispose();
    }
}
