using Modulo.Perf.Engine.Configuration;
using Modulo.Perf.Engine.Execution;
using Modulo.Perf.Engine.Metrics;

namespace Modulo.Perf.Engine.WebSockets;

/// <summary><c>close</c>: closes the socket (close frame, then the server's, within the timeout; else abort).</summary>
internal sealed class CloseStepRunner(string scenario, WebSocketStepDefinition step, LoadPlan plan, MetricRegistry registry)
    : WebSocketStepRunner(scenario, step, plan, registry)
{
    private readonly TimeSpan _timeout = step.Timeout;

    public override async ValueTask<bool> RunAsync(VirtualUser vu, CancellationToken hardStop)
    {
        await SessionOf(vu).CloseAsync(_timeout).ConfigureAwait(false);
        return true;
    }
}
