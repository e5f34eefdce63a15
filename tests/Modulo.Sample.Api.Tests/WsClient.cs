using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Xunit.Sdk;

namespace Modulo.Sample.Api.Tests;

/// <summary>
/// A WebSocket client for the tests. A background pump reads every message into a queue, because cancelling a
/// pending <see cref="ClientWebSocket.ReceiveAsync(ArraySegment{byte}, CancellationToken)"/> aborts the socket;
/// the tests wait on the queue with timeouts instead.
/// </summary>
public sealed class WsClient : IAsyncDisposable
{
    private readonly ClientWebSocket _socket = new();
    private readonly Channel<string> _received = Channel.CreateUnbounded<string>();
    private readonly CancellationTokenSource _stop = new();
    private Task _pump = Task.CompletedTask;

    public static async Task<WsClient> ConnectAsync(Uri address)
    {
        var client = new WsClient();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await client._socket.ConnectAsync(address, timeout.Token);
        client._pump = client.PumpAsync();
        return client;
    }

    public async Task SendAsync(string text)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await _socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, timeout.Token);
    }

    /// <summary>The next message as text, or null when none arrives within <paramref name="timeout"/>.</summary>
    public async Task<string?> TryReceiveTextAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            return await _received.Reader.ReadAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            return null;
        }
        catch (ChannelClosedException)
        {
            return null;
        }
    }

    /// <summary>Skips messages until one satisfies <paramref name="match"/>; fails the test when none does within <paramref name="timeout"/>.</summary>
    public async Task<JsonElement> ReceiveAsync(Func<JsonElement, bool> match, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var skipped = new List<string>();
        while (DateTime.UtcNow < deadline)
        {
            var text = await TryReceiveTextAsync(deadline - DateTime.UtcNow);
            if (text is null)
            {
                break;
            }

            var message = JsonDocument.Parse(text).RootElement;
            if (match(message))
            {
                return message;
            }

            skipped.Add(text);
        }

        throw FailException.ForFailure(
            $"No matching message within {timeout}; received {skipped.Count}: {string.Join(" ", skipped.Take(10))}");
    }

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
            }
            catch (Exception error) when (error is WebSocketException or OperationCanceledException)
            {
                // The server is gone or slow; aborting below is enough.
            }
        }

        _stop.Cancel();
        _socket.Abort();
        await _pump;
        _socket.Dispose();
        _stop.Dispose();
    }

    private async Task PumpAsync()
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                var length = 0;
                WebSocketReceiveResult result;
                do
                {
                    result = await _socket.ReceiveAsync(new ArraySegment<byte>(buffer, length, buffer.Length - length), _stop.Token);
                    length += result.Count;
                }
                while (!result.EndOfMessage && length < buffer.Length);

                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }

                _received.Writer.TryWrite(Encoding.UTF8.GetString(buffer, 0, length));
            }
        }
        catch (Exception error) when (error is WebSocketException or OperationCanceledException)
        {
            // Closed or aborted: the queue simply ends.
        }
        finally
        {
            _received.Writer.TryComplete();
        }
    }
}
