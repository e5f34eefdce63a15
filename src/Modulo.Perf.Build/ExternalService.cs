namespace Modulo.Perf.Build;

/// <summary>A service someone else runs (<c>PerfGateBaseUrl</c> without compose): nothing to start or stop.</summary>
public sealed class ExternalService(Uri baseUrl) : IGatedService
{
    public Uri BaseUrl { get; } = baseUrl;

    public void Dispose()
    {
    }
}
