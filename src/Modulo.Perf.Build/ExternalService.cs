namespace Modulo.Perf.Build;

/// <summary>A service someone else runs (<c>PerfGateBaseUrl</c> without compose): nothing to start or stop.</summary>
public sealed class ExternalService(Uri baseUrl) : IGatedService
{
    public Uri BaseUrl { get; } = baseUrl;

    public CounterAttachment Counters { get; } =
        CounterAttachment.None("PerfGateBaseUrl names a service the gate did not start, so it has no process to attach to");

    public void Dispose()
    {
    }
}
