using Modulo.Perf.Engine.ServiceCounters;

namespace Modulo.Perf.Engine.Tests.ServiceCounters;

/// <summary>Whether a load can hold a whole counter interval, which decides if its end waits for that interval's reading.</summary>
public class CounterIntervalsTests
{
    private static readonly DateTime Publication = new(2026, 11, 29, 20, 0, 10, DateTimeKind.Utc);
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    private static DateTime At(double secondsAfterPublication) => Publication.AddSeconds(secondsAfterPublication);

    [Theory]
    // Publications at 0, 1, 2... seconds: a load from 0.3 to 1.3 s spans no interval whole, one from 0 to 1 s does.
    [InlineData(0.3, 1.3, false)]
    [InlineData(0.3, 1.99, false)]
    [InlineData(0.3, 2.0, true)]
    [InlineData(0.0, 1.0, true)]
    // Shorter than an interval: never. Two intervals or more: always, wherever they fall.
    [InlineData(0.0, 0.99, false)]
    [InlineData(0.3, 2.3, true)]
    // The publication known may come after the load's start, or long before it: the phase is the same.
    [InlineData(-0.4, 1.0, true)]
    [InlineData(-0.4, 0.5, false)]
    [InlineData(-20.4, -19.0, true)]
    [InlineData(-20.4, -19.5, false)]
    public void A_load_holds_a_whole_interval_only_where_the_publications_put_one(double start, double end, bool expected) =>
        Assert.Equal(expected, CounterIntervals.CanHoldWhole(At(start), At(end), Publication, Second));
}
