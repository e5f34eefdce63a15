namespace Modulo.Perf.Build;

/// <summary>Why the gate could not bring up what it runs (service, compose, engine); carries the diagnostic code and the message to log.</summary>
public sealed class GateSetupException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;
}
