using System.Diagnostics;
using Modulo.Perf.Engine.Metrics;
using Modulo.Perf.Engine.Scenarios;
using Modulo.Perf.Engine.WebSockets;

namespace Modulo.Perf.Engine.Steps.WebSockets;

/// <summary>
/// <c>subscribe</c>: sends <c>{"type":"subscribe","topic":T}</c> and waits, within one timeout, for
/// <c>subscribed</c> and then the first event on T. ws_subscribe_latency runs from the request to that event,
/// which proves the subscription delivers. From then on the receive loop times the gaps between T's events.
/// </summary>
internal sealed class SubscribeStepRunner(string scenario, WebSocketStepDefinition step, StepTarget target, MetricRegistry registry)
    : TopicStepRunner(scenario, step, target, registry, "subscribe")
{
    private static readonly MessagePredicate FirstEvent = MessagePredicate.Parse("type == \"event\" && topic == {topic}");

    public override async ValueTask<bool> RunAsync(VirtualUser vu, CancellationToken hardStop)
    {
        if (TopicFor(vu) is not { } topic || await OpenSocketAsync(vu, hardStop).ConfigureAwait(false) is not { } connection)
        {
            return false;
        }
        connection.Track(Metrics.Subscription(topic));
        var actualStart = Stopwatch.GetTimestamp();
        var sentAt = vu.TakeIntendedStart(actualStart);
        var deadline = actualStart + (long)(Timeout.TotalSeconds * Stopwatch.Frequency);
        if (!await SendAsync(connection, RequestFor(topic), sentAt, hardStop).ConfigureAwait(false))
        {
            // The socket failed under the send; the receive loop counts the close.
            return true;
        }
        // Both waits accept only messages that arrived after the request: an event of an earlier subscription is no proof.
        var confirmed = await connection.Inbox.WaitAsync(ConfirmationOf(topic), actualStart, Remaining(deadline), hardStop).ConfigureAwait(false);
        var outcome = confirmed.Status == WaitStatus.Matched
            ? await connection.Inbox.WaitAsync(Bind(FirstEvent, topic), actualStart, Remaining(deadline), hardStop).ConfigureAwait(false)
            : confirmed;
        if (Judge(outcome))
        {
            Metrics.SubscribeLatency(topic, Elapsed.Micros(sentAt, outcome.ArrivedAt));
        }
        return true;
    }
}
