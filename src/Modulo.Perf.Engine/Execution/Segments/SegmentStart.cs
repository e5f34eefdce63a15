namespace Modulo.Perf.Engine.Execution.Segments;

/// <summary>
/// When an instance's load began against when it was told to (<c>--start-at</c>). The instances of one test
/// share the scheduled time; how far each started from it (its clock offset, as its own wall clock saw it) is
/// what merge checks to tell whether the segments' loads overlapped as planned.
/// </summary>
public sealed record SegmentStart(DateTimeOffset? ScheduledAt, DateTimeOffset Actual)
{
    /// <summary>Seconds the load began after the scheduled time (negative: before); 0 without a schedule.</summary>
    public double OffsetSeconds => ScheduledAt is { } at ? (Actual - at).TotalSeconds : 0;

    /// <summary>
    /// Waits until <paramref name="startAt"/> on this machine's wall clock (at once when it has passed), then
    /// records the instant the load begins.
    /// </summary>
    public static async Task<SegmentStart> WaitAsync(DateTimeOffset? startAt, TimeProvider clock, CancellationToken cancellation)
    {
        if (startAt is { } at)
        {
            var remaining = at - clock.GetUtcNow();
            if (remaining > TimeSpan.Zero)
            {
                await Task.Delay(remaining, clock, cancellation).ConfigureAwait(false);
            }
        }
        return new SegmentStart(startAt, clock.GetUtcNow());
    }
}
