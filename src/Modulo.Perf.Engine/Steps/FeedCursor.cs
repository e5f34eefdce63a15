using Modulo.Perf.Engine.Scenarios;

namespace Modulo.Perf.Engine.Steps;

/// <summary>
/// Hands a feeder's rows to iterations in the feeder's order. One per run, shared by all VUs: the rows are the
/// ones read when the config was loaded, never copied; only the position moves, atomically.
/// </summary>
internal sealed class FeedCursor(DataFeed feed)
{
    private long _next = -1;

    public DataFeed Feed { get; } = feed;

    /// <summary>False only for a <see cref="DataOrder.Unique"/> feeder whose rows have all been handed out.</summary>
    public bool TryTake(Random random, out string[] row)
    {
        var rows = Feed.Rows;
        switch (Feed.Order)
        {
            case DataOrder.Random:
                row = rows[random.Next(rows.Count)];
                return true;
            case DataOrder.Unique:
                var index = Interlocked.Increment(ref _next);
                row = index < rows.Count ? rows[(int)index] : [];
                return index < rows.Count;
            default:
                row = rows[(int)(Interlocked.Increment(ref _next) % rows.Count)];
                return true;
        }
    }
}
