using Modulo.Perf.Engine.Metrics;
using Modulo.Perf.Engine.Scenarios;

namespace Modulo.Perf.Engine.Steps.WebSockets;

/// <summary>
/// <c>hold</c>: keeps the socket open for a duration while the receive loop counts what arrives
/// (ws_msgs_received under this step's name, by topic) and times the gaps between events (ws_event_interval).
/// Ends early when the socket dies, so the next step can reconnect.
/// </summary>
internal sealed class HoldStepRunner(string scenario, WebSocketStepDefinition step, StepTarget target, MetricRegistry registry)
    : WebSocketStepRunner(scenario, step, target, registry)
{
    private readonly TimeSpan _duration = step.Duration;

    public override async ValueTask<bool> RunAsync(VirtualUser vu, CancellationToken hardStop)
    {
        if (await OpenSocketAsync(vu, hardStop).ConfigureAwait(false) is not { } connection)
        {
            return false;
        }
        await Task.WhenAny(Task.Delay(_duration, hardStop), connection.Receiving).ConfigureAwait(false);
        hardStop.ThrowIfCancellationRequested();
        return true;
    }
}
