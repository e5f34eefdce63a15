namespace Modulo.Perf.Engine.Http;

/// <summary>
/// The per-request timeout of one transport without a per-request allocation: one CancellationTokenSource,
/// re-armed with CancelAfter and reset with TryReset. The run's stop token is watched through one registration
/// that cancels the in-flight request too; <see cref="TimedOut"/> tells the two apart.
/// </summary>
internal sealed class RequestDeadline(TimeSpan timeout) : IDisposable
{
    private CancellationTokenSource _source = new();
    private CancellationToken _watchedStop;
    private CancellationTokenRegistration _stopRegistration;

    /// <summary>Arms the timeout; the returned token fires on timeout or when <paramref name="runStop"/> fires.</summary>
    public CancellationToken Start(CancellationToken runStop)
    {
        runStop.ThrowIfCancellationRequested();
        if (runStop != _watchedStop)
        {
            _stopRegistration.Dispose();
            _watchedStop = runStop;
            _stopRegistration = runStop.UnsafeRegister(static state => ((RequestDeadline)state!).CurrentSource.Cancel(), this);
        }
        _source.CancelAfter(timeout);
        return _source.Token;
    }

    /// <summary>True when the request token fired because of the timeout, not the run's stop.</summary>
    public bool TimedOut => _source.IsCancellationRequested && !_watchedStop.IsCancellationRequested;

    /// <summary>Disarms the timeout so the next <see cref="Start"/> reuses the same source.</summary>
    public void Finish()
    {
        if (!_source.TryReset())
        {
            // Cancelled: a source cannot be un-cancelled. The old one is not disposed because the stop callback may
            // still be cancelling it on another thread; it holds no timer any more, so the GC takes it.
            Volatile.Write(ref _source, new CancellationTokenSource());
        }
    }

    private CancellationTokenSource CurrentSource => Volatile.Read(ref _source);

    public void Dispose()
    {
        // Disposing the registration waits for a running stop callback, so the source is free to dispose after it.
        _stopRegistration.Dispose();
        _source.Dispose();
    }
}
