using Modulo.Perf.Engine.Outcome;

namespace Modulo.Perf.Engine.Gate;

/// <summary>
/// The first SIGINT or SIGTERM of a run: remembers which signal came and cancels <see cref="Token"/>, which every
/// phase of the run watches (configuration, target probe, load). The run then ends with verdict interrupted.
/// </summary>
public sealed class RunInterrupt : IDisposable
{
    private const int None = -1;
    private readonly CancellationTokenSource _source = new();
    private int _signal = None;

    public CancellationToken Token => _source.Token;

    public StopSignal? Signal => Volatile.Read(ref _signal) is var signal and not None ? (StopSignal)signal : null;

    /// <summary>Records <paramref name="signal"/> and stops the run; false when an earlier signal already did.</summary>
    public bool Request(StopSignal signal)
    {
        if (Interlocked.CompareExchange(ref _signal, (int)signal, None) != None)
        {
            return false;
        }
        _source.Cancel();
        return true;
    }

    public void Dispose() => _source.Dispose();
}
