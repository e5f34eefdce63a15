using Modulo.Perf.Engine.Scenarios;

namespace Modulo.Perf.Engine.Http;

/// <summary>How a transport sends requests.</summary>
public sealed record HttpTransportOptions
{
    /// <summary>Time allowed for one request, connect and whole response included.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The longest response body kept (for captures and checks); a longer one fails with cause too_large.</summary>
    public int MaxResponseBody { get; init; } = DefaultMaxResponseBody;

    /// <summary>16 MiB: far above what an API answers, far below what thousands of VUs could hold at once.</summary>
    public const int DefaultMaxResponseBody = 16 * 1024 * 1024;

    /// <summary>1 GiB: a body is held in one array, and the head must fit beside it.</summary>
    public const int MaxMaxResponseBody = 1024 * 1024 * 1024;

    /// <summary>
    /// The <c>User-Agent</c> sent when a request sets none (<c>userAgent</c> in perfgate.json); empty sends the header
    /// not at all, as k6's empty <c>userAgent</c>.
    /// </summary>
    public string UserAgent { get; init; } = HttpUserAgent.Value;

    /// <summary>Use HttpClient (SocketsHttpHandler) even where the lean HTTP/1.1 path would do.</summary>
    public bool ForceHttpClient { get; init; }

    /// <summary>The HTTP version spoken; HTTP/2 always goes through HttpClient.</summary>
    public HttpProtocolVersion Version { get; init; } = HttpProtocolVersion.Http11;

    /// <summary>Certificate checks and the client certificate for <c>https://</c> targets; unused for <c>http://</c>.</summary>
    public TlsSettings Tls { get; init; } = TlsSettings.Default;

    /// <summary>Where the transport counts the connections it opens and closes; none when null.</summary>
    public ConnectionTally? Connections { get; init; }
}
