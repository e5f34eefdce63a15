using Modulo.Perf.Engine.Metrics;
using Modulo.Perf.Engine.Scenarios;
using Modulo.Perf.Engine.SourceText;
using Modulo.Perf.Engine.WebSockets;

namespace Modulo.Perf.Engine.Steps.WebSockets;

/// <summary>
/// <c>await</c>: waits up to its timeout for a message matching its predicate (one received before the step
/// started counts too). ws_message_latency runs from the session's last send before the message to its arrival.
/// It never reconnects: the reply it waits for can only come on the socket the request went out on.
/// </summary>
internal sealed class AwaitStepRunner : WebSocketStepRunner
{
    private readonly MessagePredicate _predicate;
    private readonly TimeSpan _timeout;

    public AwaitStepRunner(string scenario, WebSocketStepDefinition step, StepTarget target, MetricRegistry registry)
        : base(scenario, step, target, registry)
    {
        try
        {
            _predicate = MessagePredicate.Parse(step.Match ?? "");
        }
        catch (FormatException error)
        {
            throw new ConfigurationException($"await step '{step.Name}' of scenario '{scenario}': {error.Message}", step.Location);
        }
        _timeout = step.Timeout;
    }

    public override async ValueTask<bool> RunAsync(VirtualUser vu, CancellationToken hardStop)
    {
        BoundPredicate predicate;
        try
        {
            predicate = _predicate.Bind(vu.Lookup);
        }
        catch (KeyNotFoundException)
        {
            return false;
        }
        if (SessionOf(vu).Connection is not { } connection)
        {
            // Nothing to wait on: the scenario closed its socket (or never opened one) before this await.
            Metrics.Failed(WebSocketErrorCauses.Closed);
            return true;
        }
        connection.ActiveStep = Metrics;
        var outcome = await connection.Inbox.WaitAsync(predicate, since: 0, _timeout, hardStop).ConfigureAwait(false);
        if (Judge(outcome) && outcome.LastSendAt != 0)
        {
            Metrics.MessageLatency(Elapsed.Micros(outcome.LastSendAt, outcome.ArrivedAt));
        }
        return true;
    }
}
