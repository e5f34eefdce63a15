using Modulo.Perf.Engine.Reporting.Html;

namespace Modulo.Perf.Engine.Tests.Reporting.Html;

public class ChartAxisTests
{
    [Theory]
    [InlineData(230, 250, new[] { 0.0, 50, 100, 150, 200, 250 })]
    [InlineData(0.9, 1, new[] { 0.0, 0.2, 0.4, 0.6, 0.8, 1 })]
    [InlineData(1234, 1500, new[] { 0.0, 500, 1000, 1500 })]
    [InlineData(999, 1000, new[] { 0.0, 200, 400, 600, 800, 1000 })]
    [InlineData(0, 1, new[] { 0.0, 0.2, 0.4, 0.6, 0.8, 1 })]
    public void A_value_axis_covers_the_data_with_round_ticks(double max, double top, double[] ticks)
    {
        var axis = ChartAxis.Linear(0, max);

        Assert.Equal(top, axis.Max, 9);
        Assert.Equal(ticks, axis.Ticks.Select(t => Math.Round(t.Value, 9)));
    }

    [Fact]
    public void A_time_axis_ends_where_the_data_ends()
    {
        var axis = ChartAxis.Linear(0, 20.1, targetTicks: 10, endAtMax: true);

        Assert.Equal(20.1, axis.Max);
        Assert.Equal(new[] { "0", "5", "10", "15", "20" }, axis.Ticks.Select(t => t.Label));
    }
}
