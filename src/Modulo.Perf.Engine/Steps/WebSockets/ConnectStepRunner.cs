using Modulo.Perf.Engine.Metrics;
using Modulo.Perf.Engine.Scenarios;
using Modulo.Perf.Engine.WebSockets;

namespace Modulo.Perf.Engine.Steps.WebSockets;

/// <summary>
/// <c>connect</c>: reuses the session's socket when it is still open (a persistent one from an earlier iteration,
/// no handshake), otherwise performs a handshake (ws_connecting; a failure is cause <c>handshake</c>).
/// </summary>
internal sealed class ConnectStepRunner : WebSocketStepRunner
{
    private readonly TemplateString _path;
    private readonly Uri? _constantEndpoint;
    private readonly bool _persistent;
    private readonly TimeSpan _timeout;

    public ConnectStepRunner(string scenario, WebSocketStepDefinition step, StepTarget target, MetricRegistry registry)
        : base(scenario, step, target, registry)
    {
        _path = TemplateString.Parse(step.Path ?? target.WebSocketPath);
        _constantEndpoint = _path.IsConstant ? WebSocketEndpoint.For(target.BaseUrl, _path.ToString()) : null;
        _persistent = step.Persistent;
        _timeout = step.Timeout;
    }

    public override async ValueTask<bool> RunAsync(VirtualUser vu, CancellationToken hardStop)
    {
        Uri endpoint;
        try
        {
            endpoint = _constantEndpoint ?? WebSocketEndpoint.For(BaseUrl, _path.Render(vu.Lookup));
        }
        catch (KeyNotFoundException)
        {
            // An earlier capture failed (already counted); there is nowhere to connect to.
            return false;
        }
        var session = SessionOf(vu);
        session.Configure(endpoint, _persistent, _timeout);
        if (session.Connection is { IsOpen: true } open)
        {
            open.ActiveStep = Metrics;
            // Replies the previous iteration did not await must not satisfy this iteration's awaits.
            open.Inbox.DiscardUnmatched();
            return true;
        }
        return await session.ConnectAsync(vu, Metrics, WebSocketErrorCauses.Handshake, hardStop).ConfigureAwait(false) is not null;
    }
}
