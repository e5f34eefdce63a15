using Modulo.Perf.Engine.SourceText;

namespace Modulo.Perf.Engine.ServiceCounters;

/// <summary>
/// Where the service's diagnostics IPC is: a local process by id (<c>--service-pid</c>), or a diagnostic port
/// (<c>--service-diagnostic-port</c>), the way into a service in a container, which the engine cannot see by id.
/// The port is a socket path the engine listens on and the service connects to, told so by
/// <c>DOTNET_DiagnosticPorts=PATH,nosuspend</c> (the runtime retries until the engine listens). The runtime's
/// listen mode (<c>PATH,listen</c>) is not offered: the .NET 10 runtime did not open such a socket when tried.
/// </summary>
public sealed record ServiceTarget
{
    private ServiceTarget(int? processId, string? diagnosticPort)
    {
        ProcessId = processId;
        DiagnosticPort = diagnosticPort;
    }

    /// <summary>The local process; its CPU time is read from the operating system.</summary>
    public int? ProcessId { get; }

    /// <summary>The diagnostic port; the CPU time then comes from the runtime's own CPU-usage counter.</summary>
    public string? DiagnosticPort { get; }

    public static ServiceTarget Process(int processId) => new(processId, null);

    /// <exception cref="ConfigurationException">The path carries options (<c>PATH,...</c>): the engine always listens.</exception>
    public static ServiceTarget Port(string diagnosticPort) => diagnosticPort.Contains(',', StringComparison.Ordinal) || diagnosticPort.Length == 0
        ? throw new ConfigurationException(
            $"--service-diagnostic-port '{diagnosticPort}': give the socket's path alone; the engine listens on it and the service connects with DOTNET_DiagnosticPorts=PATH,nosuspend")
        : new(null, Path.GetFullPath(diagnosticPort));

    /// <summary>How messages and reports name it.</summary>
    public override string ToString() => ProcessId is { } id ? $"process {id}" : $"diagnostic port {DiagnosticPort}";
}
