using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.WebSockets;

namespace Modulo.Perf.Engine.Tests.WebSockets;

/// <summary>
/// One connection of a server speaking the hub protocol at a known pace: ping is answered with pong at once;
/// subscribe with subscribed, then an event after <c>firstEventDelay</c> and every <c>eventInterval</c> after
/// that until unsubscribe, whose reply follows the last event. Sends are serialised: a WebSocket takes one at a time.
/// </summary>
/// <param name="firstEvents">The server's own time from reading a subscribe to sending its first event, in ms.</param>
/// <param name="eventSent">Called for every event sent.</param>
internal sealed class TestHub(WebSocket socket, TimeSpan firstEventDelay, TimeSpan eventInterval, ConcurrentQueue<double> firstEvents, Action eventSent)
{
    private readonly SemaphoreSlim _sending = new(1, 1);
    private CancellationTokenSource? _events;

    public async Task RunAsync(CancellationToken cancellation)
    {
        try
        {
            while (await TestSockets.ReceiveAsync(socket, cancellation) is { } message)
            {
                if (message.Is("ping"))
                {
                    await SendAsync(TestSockets.Pong(message), cancellation);
                    continue;
                }
                var topic = message.GetProperty("topic").GetString()!;
                if (message.Is("subscribe"))
                {
                    var requested = Stopwatch.GetTimestamp();
                    await SendAsync($$"""{"type":"subscribed","topic":"{{topic}}"}""", cancellation);
                    _events = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
                    _ = PublishAsync(topic, requested, _events.Token);
                }
                else
                {
                    await _sending.WaitAsync(cancellation);
                    _events?.Cancel();
                    _sending.Release();
                    await SendAsync($$"""{"type":"unsubscribed","topic":"{{topic}}"}""", cancellation);
                }
            }
        }
        finally
        {
            _events?.Cancel();
        }
    }

    private async Task PublishAsync(string topic, long requested, CancellationToken stop)
    {
        try
        {
            await Task.Delay(firstEventDelay, stop);
            var first = true;
            using var timer = new PeriodicTimer(eventInterval);
            do
            {
                await _sending.WaitAsync(stop);
                try
                {
                    // Checked under the send lock: after unsubscribe took it, no event may follow.
                    stop.ThrowIfCancellationRequested();
                    // Timed before the send: the event may reach the client before this side's send returns.
                    if (first)
                    {
                        firstEvents.Enqueue(Stopwatch.GetElapsedTime(requested).TotalMilliseconds);
                        first = false;
                    }
                    await TestSockets.SendAsync(socket, $$"""{"type":"event","topic":"{{topic}}","event":"heartbeat"}""", stop);
                    eventSent();
                }
                finally
                {
                    _sending.Release();
                }
            }
            while (await timer.WaitForNextTickAsync(stop));
        }
        catch (Exception error) when (error is OperationCanceledException or WebSocketException)
        {
            // Unsubscribed, or the client left.
        }
    }

    private async Task SendAsync(string json, CancellationToken cancellation)
    {
        await _sending.WaitAsync(cancellation);
        try
        {
            await TestSockets.SendAsync(socket, json, cancellation);
        }
        finally
        {
            _sending.Release();
        }
    }
}
