using System.Diagnostics;
using Microsoft.Diagnostics.NETCore.Client;
using Modulo.Perf.Engine.Metrics;

namespace Modulo.Perf.Engine.ServiceCounters;

/// <summary>
/// The engine attached to a running .NET service over its diagnostics IPC, before the warm-up: it opens the one
/// counter session (<see cref="ServiceCounterStream"/>) that every load of the run then listens to, so that a
/// service that cannot be attached is known before any load and the session's one-time set-up on both sides is
/// paid outside the measured load. It does not wait for the first counters (a full polling interval): waiting was
/// not shown to lower the collection's cost and added up to a second to every gated run (docs/performance.md).
/// Each load's share is taken by <see cref="StartAsync"/>. Disposing closes the session and a diagnostic port the
/// engine listened on.
/// </summary>
public sealed class ServiceAttachment : IAsyncDisposable
{
    // A service told to connect to the engine's port retries about twice a second.
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(10);

    private readonly ServiceTarget _target;
    private readonly DiagnosticsClient _client;
    private readonly DiagnosticsClientConnector? _connector;
    private readonly bool _aspNetCoreMeters;
    private ServiceCounterStream? _stream;

    private ServiceAttachment(ServiceTarget target, DiagnosticsClient client, DiagnosticsClientConnector? connector, bool aspNetCoreMeters)
    {
        _target = target;
        _client = client;
        _connector = connector;
        _aspNetCoreMeters = aspNetCoreMeters;
    }

    /// <summary>
    /// Attaches to <paramref name="target"/> and opens the counter session. A process that is gone or offers no .NET diagnostics
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
        var problem = await attachment.OpenAsync(cancellation).ConfigureAwait(false);
        if (problem is not null)
        {
            await attachment.DisposeAsync().ConfigureAwait(false);
            return (null, problem);
        }
        return (attachment, null);
    }

    /// <summary>Starts recording the service's counters for one load into <paramref name="registry"/>; or says why it cannot.</summary>
    public Task<(ServiceCounterSession? Session, ServiceCounterReport? Unavailable)> StartAsync(MetricRegistry registry, CancellationToken cancellation)
    {
        cancellation.ThrowIfCancellationRequested();
        if (_stream is null || _stream.Lost)
        {
            return Task.FromResult<(ServiceCounterSession?, ServiceCounterReport?)>((null,
                ServiceCounterReport.Unavailable(_target, $"the service ({_target}) exited or closed its diagnostics connection before the load; the service's runtime counters were not recorded")));
        }
        if (!TryFindProcess(out var process, out var missing))
        {
            return Task.FromResult<(ServiceCounterSession?, ServiceCounterReport?)>((null, missing));
        }
        return Task.FromResult<(ServiceCounterSession?, ServiceCounterReport?)>((ServiceCounterSession.Start(_stream, _target, process, registry), null));
    }

    /// <summary>Opens the session every load listens to; or says why it could not be opened.</summary>
    private async Task<ServiceCounterReport?> OpenAsync(CancellationToken cancellation)
    {
        if (!TryFindProcess(out var process, out var missing))
        {
            return missing;
        }
        try
        {
            _stream = await ServiceCounterStream.StartAsync(_client, _aspNetCoreMeters, cancellation).ConfigureAwait(false);
            process?.Dispose();
            return null;
        }
        catch (Exception ex) when (ex is DiagnosticsClientException or IOException or UnauthorizedAccessException or TimeoutException
            or System.Net.Sockets.SocketException)
        {
            var name = process is null || process.HasExited ? "" : $" ({process.ProcessName})";
            process?.Dispose();
            return ServiceCounterReport.Unavailable(_target, process is not null
                ? $"{_target}{name} offers no .NET diagnostics port (not a .NET process, another user's, or started with DOTNET_EnableDiagnostics=0); the service's runtime counters were not recorded"
                : $"the service on {_target} stopped answering ({ex.Message}); the service's runtime counters were not recorded");
        }
    }

    /// <summary>The local process of a target given by id (null through a diagnostic port); false when no process has that id.</summary>
    private bool TryFindProcess(out Process? process, out ServiceCounterReport? missing)
    {
        process = null;
        missing = null;
        if (_target.ProcessId is not { } processId)
        {
            return true;
        }
        try
        {
            process = Process.GetProcessById(processId);
            return true;
        }
        catch (ArgumentException)
        {
            missing = ServiceCounterReport.Unavailable(_target, $"no process has the id {processId}; the service's runtime counters were not recorded");
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_stream is not null)
        {
            await _stream.DisposeAsync().ConfigureAwait(false);
        }
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
