namespace Modulo.Perf.Engine.Http;

/// <summary>
/// The HTTP connections a run's transports actually opened: how many in all (reconnects included) and the most
/// open at once. A plan of a million VUs says nothing about the load the target saw; these say what was reached.
/// Touched once per connection, never per request.
/// </summary>
public sealed class ConnectionTally
{
    private long _opened;
    private int _open;
    private int _peak;

    /// <summary>Connections opened since the run began.</summary>
    public long Opened => Interlocked.Read(ref _opened);

    /// <summary>The most connections open at the same time.</summary>
    public int Peak => Volatile.Read(ref _peak);

    internal void Open()
    {
        Interlocked.Increment(ref _opened);
        var open = Interlocked.Increment(ref _open);
        var peak = Volatile.Read(ref _peak);
        while (open > peak)
        {
            var seen = Interlocked.CompareExchange(ref _peak, open, peak);
            if (seen == peak)
            {
                return;
            }
            peak = seen;
        }
    }

    internal void Close() => Interlocked.Decrement(ref _open);
}
