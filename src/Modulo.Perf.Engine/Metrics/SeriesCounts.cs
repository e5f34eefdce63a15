namespace Modulo.Perf.Engine.Metrics;

/// <summary>
/// The cumulative counts of a counter or rate series. <paramref name="Sum"/> is a counter's total, or a rate's
/// number of samples (each adds one); <paramref name="NonZero"/> is how many of a rate's samples were non-zero.
/// </summary>
internal readonly record struct SeriesCounts(long Sum, long NonZero)
{
    public static SeriesCounts operator +(SeriesCounts left, SeriesCounts right) => new(left.Sum + right.Sum, left.NonZero + right.NonZero);

    public static SeriesCounts operator -(SeriesCounts left, SeriesCounts right) => new(left.Sum - right.Sum, left.NonZero - right.NonZero);
}
