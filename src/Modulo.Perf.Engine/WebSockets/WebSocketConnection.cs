using System.Buffers;
using System.Diagnostics;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text.Json;
using Modulo.Perf.Engine.Metrics;

namespace Modulo.Perf.Engine.WebSockets;

/// <summary>
/// One open socket and its single receive loop. The loop reads each message once into a pooled buffer, parses
/// it once, counts it, feeds the topic bookkeeping and hands it to the <see cref="Inbox"/>. Between messages it
/// waits with a zero-byte read, so an idle socket holds no receive buffer and no thread: thousands of sessions
/// cost little more than their sockets.
/// </summary>
internal sealed class WebSocketConnection
{
    private const int FirstReadBytes = 1024;
    private const int MaxMessageBytes = 1024 * 1024;

    private readonly WebSocket _socket;
    private readonly TimeSpan _sendTimeout;
    private readonly long _openedAt;
    private readonly CancellationToken _hardStop;
    private volatile WebSocketStepMetrics _activeStep;
    private volatile TopicSubscription[] _topics = [];
    private long _lastSendAt;
    private volatile bool _closingByUs;
    private Task _receiving = Task.CompletedTask;

    private WebSocketConnection(WebSocket socket, TimeSpan sendTimeout, WebSocketStepMetrics step, CancellationToken hardStop)
    {
        _socket = socket;
        _sendTimeout = sendTimeout;
        _hardStop = hardStop;
        _activeStep = step;
        _openedAt = Stopwatch.GetTimestamp();
    }

    public MessageInbox Inbox { get; } = new();

    /// <summary>False once the server closed the socket, it broke, or the engine began closing it.</summary>
    public bool IsOpen => !_closingByUs && !_receiving.IsCompleted;

    /// <summary>Completes when the receive loop has ended; it never faults.</summary>
    public Task Receiving => _receiving;

    /// <summary>
    /// The step now running on this socket: received messages, an unexpected close and the session's end are
    /// recorded under its scenario and name.
    /// </summary>
    public WebSocketStepMetrics ActiveStep
    {
        set => _activeStep = value;
    }

    /// <summary>Performs the handshake within <paramref name="timeout"/>; null (and a failed ws_errors sample) when it fails.</summary>
    /// <param name="secureUpgrades">
    /// For wss://: what the upgrade request goes through, its handler carrying the run's TLS settings (trusted roots,
    /// client certificate); null for ws://, whose handshake is the engine's own.
    /// </param>
    /// <param name="userAgent">The handshake's <c>User-Agent</c>; empty for none.</param>
    /// <param name="timedFrom">Stopwatch timestamp ws_connecting counts from (the iteration's intended start for its first request).</param>
    /// <exception cref="OperationCanceledException"><paramref name="hardStop"/> fired.</exception>
    public static async Task<WebSocketConnection?> OpenAsync(
        Uri endpoint, HttpMessageInvoker? secureUpgrades, string userAgent, TimeSpan timeout, long timedFrom, WebSocketStepMetrics step, string failureCause, CancellationToken hardStop)
    {
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(hardStop);
        timeoutSource.CancelAfter(timeout);
        WebSocket socket;
        try
        {
            socket = endpoint.Scheme == Uri.UriSchemeWs
                ? await PlainWebSocketHandshake.ConnectAsync(endpoint, userAgent, timeoutSource.Token).ConfigureAwait(false)
                : await ConnectClientWebSocketAsync(endpoint, secureUpgrades, userAgent, timeoutSource.Token).ConfigureAwait(false);
        }
        catch (Exception error) when (error is WebSocketException or HttpRequestException or IOException or SocketException or OperationCanceledException)
        {
            hardStop.ThrowIfCancellationRequested();
            step.Failed(failureCause);
            return null;
        }
        step.Connected(Elapsed.MicrosSince(timedFrom));
        var connection = new WebSocketConnection(socket, timeout, step, hardStop);
        connection._receiving = connection.ReceiveLoopAsync();
        return connection;
    }

    private static async Task<WebSocket> ConnectClientWebSocketAsync(Uri endpoint, HttpMessageInvoker? invoker, string userAgent, CancellationToken cancellationToken)
    {
        var socket = new ClientWebSocket();
        try
        {
            if (userAgent.Length > 0)
            {
                socket.Options.SetRequestHeader("User-Agent", userAgent);
            }
            await socket.ConnectAsync(endpoint, invoker, cancellationToken).ConfigureAwait(false);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Starts recognising a topic's events (and timing the gaps between them) from now on.</summary>
    public void Track(TopicSubscription subscription) =>
        _topics = [.. _topics.Where(t => t.Topic != subscription.Topic), subscription];

    public void Untrack(string topic) => _topics = [.. _topics.Where(t => t.Topic != topic)];

    /// <summary>Sends one text message. False when the socket failed (the receive loop records the close).</summary>
    /// <param name="sentAt">Stopwatch timestamp replies are timed from (ws_message_latency).</param>
    /// <exception cref="OperationCanceledException"><paramref name="hardStop"/> fired.</exception>
    public async ValueTask<bool> SendAsync(ReadOnlyMemory<byte> utf8Json, long sentAt, CancellationToken hardStop)
    {
        // Set before sending: a reply can arrive before SendAsync returns.
        Volatile.Write(ref _lastSendAt, sentAt);
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(hardStop);
        timeoutSource.CancelAfter(_sendTimeout);
        try
        {
            await _socket.SendAsync(utf8Json, WebSocketMessageType.Text, endOfMessage: true, timeoutSource.Token).ConfigureAwait(false);
            return true;
        }
        catch (Exception error) when (error is WebSocketException or IOException or OperationCanceledException or ObjectDisposedException)
        {
            hardStop.ThrowIfCancellationRequested();
            // A send that cannot finish (the peer stopped reading) leaves the socket unusable: end it.
            _socket.Abort();
            return false;
        }
    }

    /// <summary>
    /// Closes the socket the polite way (close frame, then the server's) within <paramref name="timeout"/>,
    /// else aborts it; either way the receive loop has ended and the socket is released when this returns.
    /// </summary>
    public async ValueTask CloseAsync(TimeSpan timeout)
    {
        _closingByUs = true;
        using var timeoutSource = new CancellationTokenSource(timeout);
        try
        {
            if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, timeoutSource.Token).ConfigureAwait(false);
            }
            await _receiving.WaitAsync(timeoutSource.Token).ConfigureAwait(false);
        }
        catch (Exception error) when (error is WebSocketException or IOException or OperationCanceledException or ObjectDisposedException)
        {
            // The peer did not take part in the close in time; aborting below ends the socket regardless.
        }
        finally
        {
            _socket.Abort();
            await _receiving.ConfigureAwait(false);
            _socket.Dispose();
            Inbox.Dispose();
        }
    }

    private async Task ReceiveLoopAsync()
    {
        try
        {
            while (true)
            {
                // Waits for the next frame without holding a buffer; only a message being read rents one.
                var first = await _socket.ReceiveAsync(Memory<byte>.Empty, CancellationToken.None).ConfigureAwait(false);
                if (first.MessageType == WebSocketMessageType.Close || await ReadMessageAsync(first).ConfigureAwait(false) is not { } message)
                {
                    return;
                }
                Dispatch(message);
            }
        }
        catch (Exception error) when (error is WebSocketException or IOException or OperationCanceledException or ObjectDisposedException)
        {
            // The connection broke, or CloseAsync aborted it; which of the two is told apart below.
        }
        finally
        {
            var step = _activeStep;
            Inbox.Close();
            // A close the engine did not ask for is one failed sample, whatever waits it cut short or later failed.
            // The hard stop asks for it too: cancelling a send in flight aborts the WebSocket.
            if (!_closingByUs && !_hardStop.IsCancellationRequested)
            {
                step.Failed(WebSocketErrorCauses.Closed);
            }
            step.SessionEnded(Elapsed.MicrosSince(_openedAt));
        }
    }

    // Reads the rest of a message whose first frame has arrived; null when a close frame came instead.
    private async ValueTask<ReceivedMessage?> ReadMessageAsync(ValueWebSocketReceiveResult result)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(FirstReadBytes);
        var length = 0;
        var tooLarge = false;
        try
        {
            while (!result.EndOfMessage)
            {
                if (length == buffer.Length)
                {
                    if (buffer.Length >= MaxMessageBytes)
                    {
                        // Keep reading to the end of an oversized message, then count it as not JSON.
                        tooLarge = true;
                        length = 0;
                    }
                    else
                    {
                        buffer = Grow(buffer, length);
                    }
                }
                result = await _socket.ReceiveAsync(buffer.AsMemory(length), CancellationToken.None).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    return null;
                }
                length += result.Count;
            }
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
        var isJsonText = result.MessageType == WebSocketMessageType.Text && !tooLarge;
        return new ReceivedMessage(buffer, isJsonText ? length : 0, Stopwatch.GetTimestamp(), Volatile.Read(ref _lastSendAt));
    }

    private void Dispatch(ReceivedMessage message)
    {
        var subscription = message.Root is { } root ? SubscribedTopicOf(root) : null;
        _activeStep.Received(subscription?.Topic);
        subscription?.OnEvent(message.ArrivedAt);
        Inbox.Deliver(message);
    }

    // The subscription an event message belongs to: {"type":"event","topic":T,...} with T subscribed.
    private TopicSubscription? SubscribedTopicOf(JsonElement root)
    {
        var topics = _topics;
        if (topics.Length == 0
            || root.ValueKind != JsonValueKind.Object
            || !root.TryGetProperty("type"u8, out var type) || type.ValueKind != JsonValueKind.String || !type.ValueEquals("event"u8)
            || !root.TryGetProperty("topic"u8, out var topic) || topic.ValueKind != JsonValueKind.String)
        {
            return null;
        }
        foreach (var subscription in topics)
        {
            if (topic.ValueEquals(subscription.Topic))
            {
                return subscription;
            }
        }
        return null;
    }

    private static byte[] Grow(byte[] buffer, int length)
    {
        var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
        buffer.AsSpan(0, length).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(buffer);
        return larger;
    }
}
