namespace Modulo.Sample.Api.Faults;

/// <summary>The <c>Faults</c> setting cannot be understood; the app refuses to start rather than run without the faults asked for.</summary>
public sealed class FaultsConfigurationException(string message) : Exception(message);
