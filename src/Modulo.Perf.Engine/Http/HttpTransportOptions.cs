namespace Modulo.Perf.Engine.Http;

/// <summary>How a transport sends requests.</summary>
public sealed record HttpTransportOptions
{
    /// <summary>Time allowed for one request, connect and whole response included.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Use HttpClient (SocketsHttpHandler) even where the lean HTTP/1.1 path would do.</summary>
    public bool ForceHttpClient { get; init; }
}
