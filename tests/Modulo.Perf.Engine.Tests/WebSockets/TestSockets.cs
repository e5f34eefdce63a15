using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Modulo.Perf.Engine.Tests.WebSockets;

/// <summary>
/// The server side of the WebSocket tests, on a <see cref="Infrastructure.LoopbackServer"/>: maps <c>/ws</c> to a
/// per-connection handler and reads and writes one JSON text message at a time.
/// </summary>
internal static class TestSockets
{
    public const string Path = "/ws";

    /// <param name="accept">Decides per handshake whether to accept; a refused one is answered 503.</param>
    public static void MapSocket(this WebApplication app, Func<WebSocket, CancellationToken, Task> session, Func<bool>? accept = null) =>
        app.Map(Path, async (HttpContext context) =>
        {
            if (!context.WebSockets.IsWebSocketRequest || !(accept?.Invoke() ?? true))
            {
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                return;
            }
            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            try
            {
                await session(socket, context.RequestAborted);
            }
            catch (Exception error) when (error is WebSocketException or OperationCanceledException or IOException)
            {
                // The client went away (or the test server is stopping).
            }
        });

    /// <summary>The next message, or null once the client closed (answered with our close frame).</summary>
    public static async Task<JsonElement?> ReceiveAsync(WebSocket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[8192];
        var length = 0;
        ValueWebSocketReceiveResult result;
        do
        {
            result = await socket.ReceiveAsync(buffer.AsMemory(length), cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, cancellationToken);
                return null;
            }
            length += result.Count;
        }
        while (!result.EndOfMessage);
        using var document = JsonDocument.Parse(buffer.AsMemory(0, length));
        return document.RootElement.Clone();
    }

    public static Task SendAsync(WebSocket socket, string json, CancellationToken cancellationToken) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(json), WebSocketMessageType.Text, endOfMessage: true, cancellationToken);

    /// <summary>The protocol's pong for a ping: the id echoed as written.</summary>
    public static string Pong(JsonElement ping) => $$"""{"type":"pong","id":{{ping.GetProperty("id").GetRawText()}}}""";

    public static bool Is(this JsonElement message, string type) => message.GetProperty("type").GetString() == type;
}
