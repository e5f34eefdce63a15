using System.Diagnostics;
using Modulo.Perf.Engine.Metrics;
using Modulo.Perf.Engine.Scenarios;
using Modulo.Perf.Engine.WebSockets;

namespace Modulo.Perf.Engine.Steps.WebSockets;

/// <summary><c>send</c>: one JSON text message; the next await times its reply from here.</summary>
internal sealed class SendStepRunner(string scenario, WebSocketStepDefinition step, StepTarget target, MetricRegistry registry)
    : WebSocketStepRunner(scenario, step, target, registry)
{
    private readonly MessageTemplate _message = new(step.Message);

    public override async ValueTask<bool> RunAsync(VirtualUser vu, CancellationToken hardStop)
    {
        ReadOnlyMemory<byte> message;
        try
        {
            message = _message.Render(vu.Lookup);
        }
        catch (KeyNotFoundException)
        {
            return false;
        }
        if (await OpenSocketAsync(vu, hardStop).ConfigureAwait(false) is not { } connection)
        {
            return false;
        }
        // A failed send is recorded by the receive loop as a close; the next step reconnects.
        await SendAsync(connection, message, vu.TakeIntendedStart(Stopwatch.GetTimestamp()), hardStop).ConfigureAwait(false);
        return true;
    }
}
