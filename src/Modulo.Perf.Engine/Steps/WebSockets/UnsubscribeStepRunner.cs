using System.Diagnostics;
using Modulo.Perf.Engine.Metrics;
using Modulo.Perf.Engine.Scenarios;

namespace Modulo.Perf.Engine.Steps.WebSockets;

/// <summary><c>unsubscribe</c>: sends <c>{"type":"unsubscribe","topic":T}</c> and waits for <c>unsubscribed</c>.</summary>
internal sealed class UnsubscribeStepRunner(string scenario, WebSocketStepDefinition step, StepTarget target, MetricRegistry registry)
    : TopicStepRunner(scenario, step, target, registry, "unsubscribe")
{
    public override async ValueTask<bool> RunAsync(VirtualUser vu, CancellationToken hardStop)
    {
        if (TopicFor(vu) is not { } topic || await OpenSocketAsync(vu, hardStop).ConfigureAwait(false) is not { } connection)
        {
            return false;
        }
        var actualStart = Stopwatch.GetTimestamp();
        if (!await SendAsync(connection, RequestFor(topic), vu.TakeIntendedStart(actualStart), hardStop).ConfigureAwait(false))
        {
            // The socket failed under the send; the receive loop counts the close.
            return true;
        }
        Judge(await connection.Inbox.WaitAsync(ConfirmationOf(topic), actualStart, Timeout, hardStop).ConfigureAwait(false));
        // Asked to stop either way: later events of the topic are no longer this subscription's.
        connection.Untrack(topic);
        return true;
    }
}
