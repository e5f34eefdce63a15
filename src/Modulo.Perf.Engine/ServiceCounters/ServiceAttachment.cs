using System.Diagnostics;
using Microsoft.Diagnostics.NETCore.Client;
using Modulo.Perf.Engine.Metrics;

namespace Modulo.Perf.Engine.ServiceCounters;

/// <summary>
/// The engine attached to a running .NET service over its diagnostics IPC, before the load: it opens and closes
/// one counter session at once, so that a service that cannot be attached is known before any load and the
/// session's one-time set-up on both sides is paid outside the measured load. It does not wait for the first
/// counters (a full polling interval): waiting was not shown to lower the collection's cost and added up to a
/// second to every gated run (docs/performance.md). The load's own session is then started by
/// <see cref="StartAsync"/>. Disposing closes a diagnostic port the engine listened on.
/// </summary>
public sealed class ServiceAttachment : IAsyncDisposable
{
    // A service told to connect to the engine's port retries about twice a second.
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(10);

    private readonly ServiceTarget _target;
    private readonly DiagnosticsClient _client;
    private readonly DiagnosticsClientConnector? _connector;
    private readonly bool _aspNetCoreMeters;

    private ServiceAttachment(ServiceTarget target, DiagnosticsClient client, DiagnosticsClientConnector? connector, bool aspNetCoreMeters)
    {
        _target = target;
        _client = client;
        _connector = connector;
        _aspNetCoreMeters = aspNetCoreMeters;
    }

    /// <summary>
    /// Attaches to <paramref name="target"/> and checks a session can be opened. A process that is gone or offers no .NET diagnostics
    /// port, or a port nothing answers on, gives a report saying so instead: the run goes on without the
    /// service's counters. <paramref name="aspNetCoreMeters"/> adds the hosting and Kestrel meters, at a cost to
    /// the service (see <see cref="ServiceCounterProviders"/>).
    /// </summary>
    public static async Task<(ServiceAttachment? Attachment, ServiceCounterReport? Unavailable)> AttachAsync(
        ServiceTarget target, bool aspNetCoreMeters, CancellationToken cancellation)
    {
        var (attachment, unavailable) = target.DiagnosticPort is { } port
            ? await ConnectAsync(target, port, aspNetCoreMeters, cancellation).ConfigureAwait(false)
            : (new ServiceAttachment(target, new DiagnosticsClient(target.ProcessId!.Value), null, aspNetCoreMeters), null);
        if (attachment is null)
        {
            return (null, unavailable);
        }
        var (check, problem) = await attachment.StartAsync(new MetricRegistry(), cancellation).ConfigureAwait(false);
        if (check is null)
        {
            await attachment.DisposeAsync().ConfigureAwait(false);
            return (null, problem);
        }
        await check.StopAsync().ConfigureAwait(false);
        return (attachment, null);
    }

    /// <summary>Starts the load's counter session, recording into <paramref name="registry"/>; or says why it could not.</summary>
    public async Task<(ServiceCounterSession? Session, ServiceCounterReport? Unavailable)> StartAsync(MetricRegistry registry, CancellationToken cancellation)
    {
        Process? process = null;
        if (_target.ProcessId is { } processId)
        {
            try
            {
                process = Process.GetProcessById(processId);
            }
            catch (ArgumentException)
            {
                return (null, ServiceCounterReport.Unavailable(_target, $"no process has the id {processId}; the service's runtime counters were not recorded"));
            }
        }
        try
        {
            var session = await ServiceCounterSession.StartAsync(_client, _target, process, _aspNetCoreMeters, registry, cancellation).ConfigureAwait(false);
            return (session, null);
        }
        catch (Exception ex) when (ex is DiagnosticsClientException or IOException or UnauthorizedAccessException or TimeoutException
            or System.Net.Sockets.SocketException)
        {
            var name = process is null || process.HasExited ? "" : $" ({process.ProcessName})";
            process?.Dispose();
            return (null, ServiceCounterReport.Unavailable(_target, process is not null
                ? $"{_target}{name} offers no .NET diagnostics port (not a .NET process, another user's, or started with DOTNET_EnableDiagnostics=0); the service's runtime counters were not recorded"
                : $"the service on {_target} stopped answering ({ex.Message}); the service's runtime counters were not recorded"));
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_connector is not null)
        {
            await _connector.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Listens on the diagnostic port until the service connects to it.</summary>
    private static async Task<(ServiceAttachment? Attachment, ServiceCounterReport? Unavailable)> ConnectAsync(
        ServiceTarget target, string port, bool aspNetCoreMeters, CancellationToken cancellation)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        deadline.CancelAfter(ConnectTimeout);
        try
        {
            var connector = await DiagnosticsClientConnector.FromDiagnosticPort(port, deadline.Token).ConfigureAwait(false);
            if (connector is not null)
            {
                return (new ServiceAttachment(target, connector.Instance, connector, aspNetCoreMeters), null);
            }
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or IOException or UnauthorizedAccessException or System.Net.Sockets.SocketException)
        {
            return (null, ServiceCounterReport.Unavailable(target, $"the engine could not listen on {target} ({ex.Message}); the service's runtime counters were not recorded"));
        }
        cancellation.ThrowIfCancellationRequested();
        return (null, ServiceCounterReport.Unavailable(target,
            $"no .NET service connected to {target} within {ConnectTimeout.TotalSeconds:0} s: is it started with DOTNET_DiagnosticPorts={port},nosuspend and the socket shared with the engine? The service's runtime counters were not recorded"));
    }
}
