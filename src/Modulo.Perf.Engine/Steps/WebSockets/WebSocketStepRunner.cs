using Modulo.Perf.Engine.Metrics;
using Modulo.Perf.Engine.Scenarios;
using Modulo.Perf.Engine.SourceText;
using Modulo.Perf.Engine.WebSockets;

namespace Modulo.Perf.Engine.Steps.WebSockets;

/// <summary>
/// What every WebSocket step shares: its VU's session for the scenario, its metrics, and the reconnect policy —
/// a step that needs a socket and finds it dead opens a new one (a failure there is cause <c>reconnect</c>).
/// </summary>
internal abstract class WebSocketStepRunner : IStepRunner
{
    private readonly WebSocketSessionKey _key;
    private readonly Uri _defaultEndpoint;
    private readonly StepTarget _target;

    protected WebSocketStepRunner(string scenario, WebSocketStepDefinition step, StepTarget target, MetricRegistry registry)
    {
        Name = step.Name;
        ThinkTime = step.ThinkTime;
        BaseUrl = target.BaseUrl;
        Metrics = new WebSocketStepMetrics(registry, scenario, step.Name);
        _key = new WebSocketSessionKey(scenario);
        _defaultEndpoint = WebSocketEndpoint.For(target.BaseUrl, target.WebSocketPath);
        _target = target;
    }

    public string Name { get; }
    public TimeSpan ThinkTime { get; }
    protected Uri BaseUrl { get; }
    protected WebSocketStepMetrics Metrics { get; }

    /// <exception cref="ConfigurationException">An await's match is not a predicate.</exception>
    public static IStepRunner Create(string scenario, WebSocketStepDefinition step, StepTarget target, MetricRegistry registry) => step.Action switch
    {
        WebSocketAction.Connect => new ConnectStepRunner(scenario, step, target, registry),
        WebSocketAction.Send => new SendStepRunner(scenario, step, target, registry),
        WebSocketAction.Await => new AwaitStepRunner(scenario, step, target, registry),
        WebSocketAction.Subscribe => new SubscribeStepRunner(scenario, step, target, registry),
        WebSocketAction.Unsubscribe => new UnsubscribeStepRunner(scenario, step, target, registry),
        WebSocketAction.Hold => new HoldStepRunner(scenario, step, target, registry),
        WebSocketAction.Close => new CloseStepRunner(scenario, step, target, registry),
        _ => throw new ConfigurationException($"Step '{step.Name}' of scenario '{scenario}': unknown WebSocket action {step.Action}.", step.Location),
    };

    public abstract ValueTask<bool> RunAsync(VirtualUser vu, CancellationToken hardStop);

    /// <summary>The VU's session for this scenario; until a connect step runs it targets the config's websocketPath.</summary>
    protected WebSocketSession SessionOf(VirtualUser vu)
    {
        if (vu.Sessions.TryGetValue(_key, out var session))
        {
            return (WebSocketSession)session;
        }
        var created = new WebSocketSession(_defaultEndpoint, _target);
        vu.Sessions.Add(_key, created);
        return created;
    }

    /// <summary>The session's open socket, or a new one when it died; null when reconnecting failed.</summary>
    protected ValueTask<WebSocketConnection?> OpenSocketAsync(VirtualUser vu, CancellationToken hardStop) =>
        SessionOf(vu).ConnectAsync(vu, Metrics, WebSocketErrorCauses.Reconnect, hardStop);

    /// <summary>Sends and counts a message; false when the socket failed under it.</summary>
    /// <param name="sentAt">The timestamp replies are timed from.</param>
    protected async ValueTask<bool> SendAsync(WebSocketConnection connection, ReadOnlyMemory<byte> message, long sentAt, CancellationToken hardStop)
    {
        if (!await connection.SendAsync(message, sentAt, hardStop).ConfigureAwait(false))
        {
            return false;
        }
        Metrics.Sent();
        return true;
    }

    /// <summary>Records a wait's ws_errors sample; true when it matched.</summary>
    protected bool Judge(WaitOutcome outcome)
    {
        switch (outcome.Status)
        {
            case WaitStatus.Matched:
                Metrics.Succeeded();
                return true;
            case WaitStatus.TimedOut:
                Metrics.Failed(WebSocketErrorCauses.Timeout);
                return false;
            default:
                // The socket died under the wait or before it: the receive loop counted that close, once.
                return false;
        }
    }
}
