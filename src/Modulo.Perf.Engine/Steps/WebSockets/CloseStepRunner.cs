using Modulo.Perf.Engine.Metrics;
using Modulo.Perf.Engine.Scenarios;

namespace Modulo.Perf.Engine.Steps.WebSockets;

/// <summary><c>close</c>: closes the socket (close frame, then the server's, within the timeout; else abort).</summary>
internal sealed class CloseStepRunner(string scenario, WebSocketStepDefinition step, StepTarget target, MetricRegistry registry)
    : WebSocketStepRunner(scenario, step, target, registry)
{
    private readonly TimeSpan _timeout = step.Timeout;

    public override async ValueTask<bool> RunAsync(VirtualUser vu, CancellationToken hardStop)
    {
        await SessionOf(vu).CloseAsync(_timeout).ConfigureAwait(false);
        return true;
    }
}
