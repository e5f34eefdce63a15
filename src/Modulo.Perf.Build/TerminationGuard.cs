using System.Runtime.InteropServices;

namespace Modulo.Perf.Build;

/// <summary>
/// Keeps what the gate started from outliving the build when the build's process is told to terminate (SIGTERM:
/// what CI runners send to a cancelled or timed-out job, and <c>kill</c> and container stops send). MSBuild does not
/// cancel tasks on SIGTERM: the <c>dotnet</c> command answers it with <c>Environment.Exit(0)</c>, and a host without a
/// handler dies outright (.NET 10 has no default one). So while the gate runs, SIGTERM cancels the gate and keeps the
/// process alive, and an exit that comes anyway (the <c>dotnet</c> command's) waits until the gate has stopped the
/// engine and the service.
/// </summary>
internal sealed class TerminationGuard : IDisposable
{
    /// <summary>Longer than any teardown (the engine's 3 s grace, the service's 5 s, a compose down), shorter than a hang.</summary>
    private static readonly TimeSpan TeardownWait = TimeSpan.FromSeconds(30);

    private readonly Action _cancelGate;
    private readonly ManualResetEventSlim _gateFinished = new();
    private readonly PosixSignalRegistration? _registration;
    private volatile bool _terminated;

    private TerminationGuard(Action cancelGate)
    {
        _cancelGate = cancelGate;
        // SIGTERM is POSIX: on Windows only the exit hook below applies.
        if (!OperatingSystem.IsWindows())
        {
            _registration = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnTerminate);
        }
        AppDomain.CurrentDomain.ProcessExit += OnProcessExit;
    }

    /// <summary>Guards the gate until disposed, which must be the last thing the gate does.</summary>
    public static TerminationGuard Enter(Action cancelGate) => new(cancelGate);

    /// <summary>
    /// Whether SIGTERM, or the exit the <c>dotnet</c> command makes of it, came while the gate ran: what cancelled it,
    /// for the build log. Either may come first, as the process's SIGTERM handlers run in no promised order.
    /// </summary>
    public bool Terminated => _terminated;

    private void OnTerminate(PosixSignalContext context)
    {
        context.Cancel = true;
        _terminated = true;
        _cancelGate();
    }

    private void OnProcessExit(object? sender, EventArgs e)
    {
        if (_gateFinished.IsSet)
        {
            return;
        }
        _terminated = true;
        _cancelGate();
        _gateFinished.Wait(TeardownWait);
    }

    public void Dispose()
    {
        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        _registration?.Dispose();
        // Not disposed: an exit already under way may still be waiting on it.
        _gateFinished.Set();
    }
}
