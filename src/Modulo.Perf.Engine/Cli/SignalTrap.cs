using System.Runtime.InteropServices;
using Modulo.Perf.Engine.Gate;
using Modulo.Perf.Engine.Outcome;

namespace Modulo.Perf.Engine.Cli;

/// <summary>
/// Turns SIGINT (Ctrl+C) and SIGTERM into a graceful stop of the run: the first one interrupts it, so the partial
/// results are reported as interrupted (exit 130 or 143) instead of the runtime ending the process. A second signal
/// means "now": the process exits at once with the first signal's code, as k6 does on a second Ctrl+C.
/// </summary>
internal sealed class SignalTrap : IDisposable
{
    private readonly RunInterrupt _interrupt;
    private readonly PosixSignalRegistration[] _registrations;

    public SignalTrap(RunInterrupt interrupt)
    {
        _interrupt = interrupt;
        _registrations =
        [
            PosixSignalRegistration.Create(PosixSignal.SIGINT, context => Handle(context, StopSignal.Interrupt)),
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => Handle(context, StopSignal.Terminate)),
        ];
    }

    private void Handle(PosixSignalContext context, StopSignal signal)
    {
        context.Cancel = true;
        if (!_interrupt.Request(signal))
        {
            Console.Error.WriteLine($"[modulo-perf] {signal.Name()} again: exiting at once, without reports");
            Environment.Exit(_interrupt.Signal!.Value.ExitCode());
        }
        else
        {
            Console.Error.WriteLine($"[modulo-perf] {signal.Name()}: stopping the run (send it again to exit at once)");
        }
    }

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }
    }
}
