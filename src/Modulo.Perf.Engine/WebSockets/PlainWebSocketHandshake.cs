using System.Buffers;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using Modulo.Perf.Engine.Sockets;

namespace Modulo.Perf.Engine.WebSockets;

/// <summary>
/// The opening handshake of a <c>ws://</c> session (RFC 6455 section 4) over a raw socket, then
/// <see cref="WebSocket.CreateFromStream(Stream, WebSocketCreationOptions)"/> on it. ClientWebSocket goes through an
/// HTTP connection whose read and write buffers stay with the socket for its whole life; this way a session holds
/// only its socket and the WebSocket's own state, which is what lets one engine hold tens of thousands of sessions.
/// <c>wss://</c> keeps ClientWebSocket (TLS, through a handler with the run's TLS settings: see WebSocketSession).
/// </summary>
internal static class PlainWebSocketHandshake
{
    /// <summary>Longest 101 response head accepted; a server that sends more is not speaking WebSocket.</summary>
    private const int MaxHeadLength = 8 * 1024;

    private const string AcceptGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    /// <exception cref="WebSocketException">The server did not accept the upgrade.</exception>
    /// <exception cref="SocketException">The connection failed.</exception>
    /// <param name="userAgent">The request's <c>User-Agent</c>; empty for none.</param>
    public static async Task<WebSocket> ConnectAsync(Uri endpoint, string userAgent, CancellationToken cancellationToken)
    {
        var target = TcpTarget.EndPointOf(endpoint);
        var socket = TcpTarget.CreateSocket(target);
        try
        {
            await socket.ConnectAsync(target, cancellationToken).ConfigureAwait(false);
            var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
            var request = Encoding.ASCII.GetBytes(
                $"GET {endpoint.PathAndQuery} HTTP/1.1\r\nHost: {endpoint.Authority}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
                (userAgent.Length > 0 ? $"User-Agent: {userAgent}\r\n" : "") +
                $"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n");
            await socket.SendAsync(request, SocketFlags.None, cancellationToken).ConfigureAwait(false);
            var head = await ReceiveHeadAsync(socket, cancellationToken).ConfigureAwait(false);
            CheckAccepted(head, key);
            return WebSocket.CreateFromStream(new NetworkStream(socket, ownsSocket: true), new WebSocketCreationOptions
            {
                IsServer = false,
                // ClientWebSocket's default, so both schemes behave alike towards idle timeouts of proxies.
                KeepAliveInterval = WebSocket.DefaultKeepAliveInterval,
            });
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Receives exactly the response head: peeks, then consumes only up to the blank line, so a message the server
    /// sends right after its 101 stays in the socket for the WebSocket to read.
    /// </summary>
    private static async Task<string> ReceiveHeadAsync(Socket socket, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(MaxHeadLength);
        try
        {
            var length = 0;
            while (true)
            {
                var peeked = await socket.ReceiveAsync(buffer.AsMemory(length), SocketFlags.Peek, cancellationToken).ConfigureAwait(false);
                if (peeked == 0)
                {
                    throw new WebSocketException(WebSocketError.ConnectionClosedPrematurely, "The server closed the connection during the WebSocket handshake.");
                }
                var searchFrom = Math.Max(0, length - 3);
                var end = buffer.AsSpan(searchFrom, length + peeked - searchFrom).IndexOf("\r\n\r\n"u8);
                var take = end >= 0 ? searchFrom + end + 4 - length : peeked;
                // Bytes already peeked are in the socket's buffer, so this receive returns all of them at once.
                var consumed = await socket.ReceiveAsync(buffer.AsMemory(length, take), SocketFlags.None, cancellationToken).ConfigureAwait(false);
                length += consumed;
                if (end >= 0 && consumed == take)
                {
                    return Encoding.ASCII.GetString(buffer, 0, length);
                }
                if (length == buffer.Length)
                {
                    throw new WebSocketException(WebSocketError.HeaderError, $"The WebSocket handshake response exceeds {MaxHeadLength / 1024} KiB.");
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static void CheckAccepted(string head, string key)
    {
        var lines = head.Split("\r\n");
        var status = lines[0].Split(' ', 3);
        if (status.Length < 2 || !status[0].StartsWith("HTTP/1.", StringComparison.Ordinal) || status[1] != "101")
        {
            throw new WebSocketException(WebSocketError.NotAWebSocket, $"The server answered the WebSocket upgrade with '{lines[0]}' instead of 101.");
        }
        var expected = Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(key + AcceptGuid)));
        var accepted = lines.Skip(1)
            .Select(line => line.Split(':', 2))
            .Any(field => field.Length == 2
                && field[0].Trim().Equals("Sec-WebSocket-Accept", StringComparison.OrdinalIgnoreCase)
                && field[1].Trim() == expected);
        if (!accepted)
        {
            throw new WebSocketException(WebSocketError.HeaderError, "The server's Sec-WebSocket-Accept does not match the key sent.");
        }
    }
}
