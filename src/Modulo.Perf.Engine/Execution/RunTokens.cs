namespace Modulo.Perf.Engine.Execution;

/// <summary>
/// The two ways a run stops, as in k6: when <see cref="ScheduleEnded"/> fires no new iteration starts, and
/// in-flight iterations get the profile's gracefulStop to finish before <see cref="HardStop"/> cancels them.
/// An abortOnFail threshold or Ctrl+C fires both at once.
/// </summary>
internal sealed class RunTokens : IDisposable
{
    private readonly CancellationTokenSource _scheduleEnded = new();
    private readonly CancellationTokenSource _hardStop = new();
    private readonly CancellationTokenRegistration _graceRegistration;

    public RunTokens(TimeSpan scheduledDuration, TimeSpan gracefulStop)
    {
        _graceRegistration = _scheduleEnded.Token.Register(() => _hardStop.CancelAfter(gracefulStop));
        _scheduleEnded.CancelAfter(scheduledDuration);
    }

    public CancellationToken ScheduleEnded => _scheduleEnded.Token;
    public CancellationToken HardStop => _hardStop.Token;

    /// <summary>Ends the schedule early; in-flight iterations still get their grace.</summary>
    public void EndSchedule() => _scheduleEnded.Cancel();

    /// <summary>Stops everything now (abortOnFail, Ctrl+C).</summary>
    public void StopNow()
    {
        _hardStop.Cancel();
        _scheduleEnded.Cancel();
    }

    public void Dispose()
    {
        _graceRegistration.Dispose();
        _scheduleEnded.Dispose();
        _hardStop.Dispose();
    }
}
