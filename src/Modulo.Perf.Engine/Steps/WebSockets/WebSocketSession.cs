using System.Diagnostics;
using Modulo.Perf.Engine.Http;
using Modulo.Perf.Engine.WebSockets;

namespace Modulo.Perf.Engine.Steps.WebSockets;

/// <summary>
/// A virtual user's WebSocket for one scenario (kept in <see cref="VirtualUser.Sessions"/>): the settings of the
/// last connect step and the connection they opened. A persistent session outlives its iteration; any other is
/// closed when the iteration ends. A step that finds the socket dead opens a new one with the same settings.
/// </summary>
/// <param name="target">The run's target: its TLS settings apply to every wss:// handshake, its User-Agent to every handshake.</param>
internal sealed class WebSocketSession(Uri endpoint, StepTarget target) : IIterationScoped, IAsyncDisposable
{
    /// <summary>How long an implicit close (end of iteration, end of run) waits for the server's close frame.</summary>
    public static readonly TimeSpan ImplicitCloseTimeout = TimeSpan.FromSeconds(1);

    private Uri _endpoint = endpoint;
    private bool _persistent;
    private TimeSpan _timeout = TimeSpan.FromSeconds(5);

    public WebSocketConnection? Connection { get; private set; }

    /// <summary>Adopts a connect step's settings; an open connection stays as it is.</summary>
    public void Configure(Uri endpoint, bool persistent, TimeSpan timeout)
    {
        _endpoint = endpoint;
        _persistent = persistent;
        _timeout = timeout;
    }

    /// <summary>
    /// The open connection, or a new one after a handshake; null when that fails. A handshake is timed like any
    /// request: from the iteration's intended start when it is the iteration's first.
    /// </summary>
    /// <exception cref="OperationCanceledException"><paramref name="hardStop"/> fired.</exception>
    public async ValueTask<WebSocketConnection?> ConnectAsync(VirtualUser vu, WebSocketStepMetrics step, string failureCause, CancellationToken hardStop)
    {
        if (Connection is { IsOpen: true } open)
        {
            open.ActiveStep = step;
            return open;
        }
        await CloseAsync(ImplicitCloseTimeout).ConfigureAwait(false);
        var timedFrom = vu.TakeIntendedStart(Stopwatch.GetTimestamp());
        // A wss:// upgrade goes through a handler made like the HTTP transports' (SharedHttpHandlers): the same TLS
        // options judge the server's certificate and show the client certificate, so wss:// and https:// agree. It is
        // shared by the handshakes in flight only: an upgraded connection leaves the handler's pool and outlives it.
        var endpoint = _endpoint;
        var secureUpgrades = endpoint.Scheme == Uri.UriSchemeWss ? SharedHttpHandlers.Acquire(endpoint, target.Tls, connections: null) : null;
        try
        {
            Connection = await WebSocketConnection.OpenAsync(endpoint, secureUpgrades, target.UserAgent, _timeout, timedFrom, step, failureCause, hardStop).ConfigureAwait(false);
        }
        finally
        {
            if (secureUpgrades is not null)
            {
                SharedHttpHandlers.Release(endpoint, target.Tls, connections: null);
            }
        }
        return Connection;
    }

    public async ValueTask CloseAsync(TimeSpan timeout)
    {
        if (Connection is { } connection)
        {
            Connection = null;
            await connection.CloseAsync(timeout).ConfigureAwait(false);
        }
    }

    public ValueTask EndIterationAsync() => _persistent ? ValueTask.CompletedTask : CloseAsync(ImplicitCloseTimeout);

    public ValueTask DisposeAsync() => CloseAsync(ImplicitCloseTimeout);
}
