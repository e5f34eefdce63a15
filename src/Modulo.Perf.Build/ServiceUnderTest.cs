namespace Modulo.Perf.Build;

/// <summary>
/// What the engine runs against. Disposing stops whatever the gate started for it, so a
/// <c>using</c> around the load run leaves nothing behind whatever happens inside.
/// </summary>
public interface IServiceUnderTest : IDisposable
{
    Uri BaseUrl { get; }
}

/// <summary>A service someone else runs (<c>PerfGateBaseUrl</c> without compose): nothing to start or stop.</summary>
public sealed class ExternalService(Uri baseUrl) : IServiceUnderTest
{
    public Uri BaseUrl { get; } = baseUrl;

    public void Dispose()
    {
    }
}

/// <summary>Why the gate could not bring up what it runs (service, compose, engine); carries the diagnostic code and the message to log.</summary>
public sealed class GateSetupException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;
}
