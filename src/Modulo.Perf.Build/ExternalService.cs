namespace Modulo.Perf.Build;

/// <summary>
/// A service someone else runs (<c>PerfGateBaseUrl</c> without compose): nothing to start or stop; its counters
/// only through a diagnostic port it connects to (<paramref name="diagnosticPort"/>).
/// </summary>
public sealed class ExternalService(Uri baseUrl, string? diagnosticPort) : IGatedService
{
    public Uri BaseUrl { get; } = baseUrl;

    public CounterAttachment Counters { get; } = diagnosticPort is null
        ? CounterAttachment.None("PerfGateBaseUrl names a service the gate did not start, so it has no process to attach to (PerfGateServiceDiagnosticPort can name a socket it connects to)")
        : CounterAttachment.ThroughPort(diagnosticPort);

    public void Dispose()
    {
    }
}
