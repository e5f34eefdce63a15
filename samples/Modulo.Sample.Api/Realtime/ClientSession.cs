using System.Net.WebSockets;
using System.Text.Json;
using System.Threading.Channels;
using Modulo.Sample.Api.Faults;

namespace Modulo.Sample.Api.Realtime;

/// <summary>
/// One WebSocket client: a receive loop that answers the protocol and a send loop that drains a bounded queue.
/// Both are plain async loops (no thread per socket); a full queue drops the message rather than wait, so a
/// client that stops reading costs only its own messages.
/// </summary>
public sealed class ClientSession(WebSocket socket, RealtimeHub hub, FaultEffect pongFault)
{
    private const int SendQueueCapacity = 256;
    private const int MaxMessageBytes = 4 * 1024;

    private readonly Channel<ReadOnlyMemory<byte>> _outbox = Channel.CreateBounded<ReadOnlyMemory<byte>>(
        new BoundedChannelOptions(SendQueueCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    // Guards the topic set together with enqueueing, so no event can be queued after the "unsubscribed" reply.
    private readonly Lock _subscriptionGate = new();
    private readonly HashSet<string> _topics = new(StringComparer.Ordinal);

    /// <summary>Runs until the client closes, the connection breaks or <paramref name="cancellationToken"/> fires.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var sending = SendLoopAsync(cancellationToken);
        var closedByClient = false;
        try
        {
            closedByClient = await ReceiveLoopAsync(cancellationToken);
        }
        catch (Exception error) when (IsDisconnect(error))
        {
            socket.Abort();
        }
        finally
        {
            hub.UnsubscribeEverywhere(this);
            _outbox.Writer.TryComplete();
            await sending;
        }

        if (closedByClient && socket.State == WebSocketState.CloseReceived)
        {
            try
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, cancellationToken);
            }
            catch (Exception error) when (IsDisconnect(error))
            {
                // The client went away before our close frame; nothing is left to tell it.
            }
        }
    }

    /// <summary>Queues a topic event; dropped when the client has unsubscribed or its queue is full.</summary>
    public void TryEnqueueEvent(string topic, ReadOnlyMemory<byte> message)
    {
        lock (_subscriptionGate)
        {
            if (_topics.Contains(topic))
            {
                _outbox.Writer.TryWrite(message);
            }
        }
    }

    /// <returns>True when the client sent a close frame.</returns>
    private async Task<bool> ReceiveLoopAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[MaxMessageBytes];
        while (true)
        {
            var length = 0;
            var tooLarge = false;
            ValueWebSocketReceiveResult result;
            do
            {
                if (length == buffer.Length)
                {
                    // Keep reading to the end of the oversized message, then answer it with an error.
                    tooLarge = true;
                    length = 0;
                }

                result = await socket.ReceiveAsync(buffer.AsMemory(length), cancellationToken);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return true;
                }

                length += result.Count;
            }
            while (!result.EndOfMessage);

            if (tooLarge)
            {
                Reply(ServerMessages.Error($"message larger than {MaxMessageBytes} bytes"));
            }
            else if (result.MessageType == WebSocketMessageType.Binary)
            {
                Reply(ServerMessages.Error("binary messages are not supported; send JSON text"));
            }
            else
            {
                await HandleAsync(buffer.AsMemory(0, length), cancellationToken);
            }
        }
    }

    private async Task HandleAsync(ReadOnlyMemory<byte> text, CancellationToken cancellationToken)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text);
        }
        catch (JsonException)
        {
            Reply(ServerMessages.Error("malformed JSON"));
            return;
        }

        using (document)
        {
            var message = document.RootElement;
            if (message.ValueKind != JsonValueKind.Object
                || !message.TryGetProperty("type", out var type)
                || type.ValueKind != JsonValueKind.String)
            {
                Reply(ServerMessages.Error("a message is a JSON object with a string \"type\""));
                return;
            }

            switch (type.GetString())
            {
                case "ping":
                    await PongAsync(message.TryGetProperty("id", out var id) ? id : null, cancellationToken);
                    break;
                case "subscribe":
                    ChangeSubscription(message, subscribe: true);
                    break;
                case "unsubscribe":
                    ChangeSubscription(message, subscribe: false);
                    break;
                default:
                    Reply(ServerMessages.Error($"unknown message type '{type.GetString()}'; expected ping, subscribe or unsubscribe"));
                    break;
            }
        }
    }

    private async Task PongAsync(JsonElement? id, CancellationToken cancellationToken)
    {
        var latency = pongFault.NextLatency();
        if (latency > TimeSpan.Zero)
        {
            await Task.Delay(latency, cancellationToken);
        }

        Reply(ServerMessages.Pong(id));
    }

    private void ChangeSubscription(JsonElement message, bool subscribe)
    {
        var verb = subscribe ? "subscribe" : "unsubscribe";
        if (!message.TryGetProperty("topic", out var topicElement) || topicElement.ValueKind != JsonValueKind.String)
        {
            Reply(ServerMessages.Error($"{verb} needs a string \"topic\""));
            return;
        }

        var topic = topicElement.GetString()!;
        if (!hub.IsTopic(topic))
        {
            Reply(ServerMessages.Error($"unknown topic '{topic}'; topics are {string.Join(", ", Topics.All)}"));
            return;
        }

        lock (_subscriptionGate)
        {
            // The reply is queued inside the gate: "subscribed" precedes the topic's first event,
            // and "unsubscribed" follows its last.
            if (subscribe)
            {
                _topics.Add(topic);
                Reply(ServerMessages.Subscribed(topic));
                hub.Subscribe(topic, this);
            }
            else
            {
                _topics.Remove(topic);
                hub.Unsubscribe(topic, this);
                Reply(ServerMessages.Unsubscribed(topic));
            }
        }
    }

    private void Reply(ReadOnlyMemory<byte> message) => _outbox.Writer.TryWrite(message);

    private async Task SendLoopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var message in _outbox.Reader.ReadAllAsync(cancellationToken))
            {
                await socket.SendAsync(message, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
            }
        }
        catch (Exception error) when (IsDisconnect(error))
        {
            // Ends the receive loop too, which is waiting on the same broken connection.
            socket.Abort();
        }
    }

    private static bool IsDisconnect(Exception error) =>
        error is WebSocketException or OperationCanceledException or IOException;
}
