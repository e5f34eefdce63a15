namespace Modulo.Perf.Engine.Http;

public sealed record HttpTransportOptions
{
    /// <summary>A request that takes longer fails with <see cref="HttpFailureCause.Timeout"/>.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Use HttpClient even where the lean HTTP/1.1 path would serve.</summary>
    public bool ForceHttpClient { get; init; }
}
