using System.Net;
using System.Net.Sockets;

namespace Modulo.Perf.Engine.Tests.Http;

/// <summary>
/// A server that allocates nothing per request, so allocation measurements in this process see only the client:
/// one connection served by a dedicated thread with blocking socket calls, one fixed response per request head.
/// </summary>
internal sealed class SynchronousKeepAliveServer : IDisposable
{
    private readonly Socket _listener = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    private readonly byte[] _response;
    private readonly Thread _thread;

    public SynchronousKeepAliveServer(byte[] response)
    {
        _response = response;
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen();
        BaseUrl = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndPoint!).Port}/");
        _thread = new Thread(Serve) { IsBackground = true, Name = nameof(SynchronousKeepAliveServer) };
        _thread.Start();
    }

    public Uri BaseUrl { get; }

    private void Serve()
    {
        try
        {
            using var connection = _listener.Accept();
            connection.NoDelay = true;
            var buffer = new byte[4096];
            var matched = 0; // bytes of "\r\n\r\n" seen so far, carried across receives
            while (true)
            {
                var received = connection.Receive(buffer);
                if (received == 0)
                {
                    return;
                }

                foreach (var b in buffer.AsSpan(0, received))
                {
                    matched = b == "\r\n\r\n"u8[matched] ? matched + 1 : b == '\r' ? 1 : 0;
                    if (matched == 4)
                    {
                        connection.Send(_response);
                        matched = 0;
                    }
                }
            }
        }
        catch (SocketException)
        {
            // Disposed by the test, or the client reset: the serving ends either way.
        }
    }

    public void Dispose()
    {
        _listener.Dispose();
        _thread.Join(TimeSpan.FromSeconds(5));
    }
}
