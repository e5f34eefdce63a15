using Modulo.Perf.Engine.Http;

namespace Modulo.Perf.Engine.Steps;

/// <summary>Where a run's steps send their requests: the service's base URL and its default WebSocket path.</summary>
public sealed record StepTarget(Uri BaseUrl, string WebSocketPath)
{
    /// <summary>The run's TLS settings, which wss:// handshakes apply as https:// requests do.</summary>
    public TlsSettings Tls { get; init; } = TlsSettings.Default;

    /// <summary>The <c>User-Agent</c> of WebSocket handshakes (the config's <c>userAgent</c>); empty for none.</summary>
    public string UserAgent { get; init; } = HttpUserAgent.Value;
}
