using System.Globalization;
using System.Text.RegularExpressions;
using Modulo.Perf.Engine.Reporting.Html;

namespace Modulo.Perf.Engine.Tests.Reporting.Html;

public class SvgLineChartTests
{
    private static SvgLineChart Chart(params string[] names) => new()
    {
        Title = "t",
        XLabel = "x",
        YLabel = "y",
        X = ChartAxis.Linear(0, 10, endAtMax: true),
        Y = ChartAxis.Linear(0, 100),
        Series = names.Select((n, i) => new ChartSeries(n, "s1", [new ChartPoint(0, 0), new ChartPoint(5, 50 + i), new ChartPoint(10, 100)])).ToList(),
    };

    private static double[] ViewBox(string svg) =>
        Regex.Match(svg, "viewBox=\"([^\"]+)\"").Groups[1].Value.Split(' ').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();

    [Fact]
    public void Points_map_linearly_into_the_plot_area()
    {
        var svg = Chart("a").Render();

        var frame = Regex.Match(svg, "<rect class=\"frame\" x=\"([0-9.]+)\" y=\"([0-9.]+)\" width=\"([0-9.]+)\" height=\"([0-9.]+)\"/>");
        var (left, top, width, height) = (Value(frame, 1), Value(frame, 2), Value(frame, 3), Value(frame, 4));
        var points = Regex.Match(svg, "<polyline class=\"series s1\" points=\"([^\"]+)\"").Groups[1].Value.Split(' ')
            .Select(p => p.Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray()).ToArray();

        Assert.Equal([left, top + height], points[0]);
        Assert.Equal(left + width / 2, points[1][0], 0.1);
        Assert.Equal(top + height / 2, points[1][1], 0.1);
        Assert.Equal([left + width, top], points[2]);
    }

    [Fact]
    public void A_legend_too_long_for_one_row_wraps_and_the_chart_grows_to_fit_it()
    {
        var oneRow = Chart("p50", "p95");
        var twoRows = Chart(Enumerable.Range(1, 4).Select(i => $"websocket-operations ws_message_latency_p95 #{i}").ToArray());

        var legendRows = Regex.Matches(twoRows.Render(), "<text class=\"legend\" x=\"[0-9.]+\" y=\"([0-9.]+)\"").Select(m => m.Groups[1].Value).Distinct().Count();

        Assert.Equal(2, legendRows);
        Assert.Equal(ViewBox(oneRow.Render())[3] + 18, ViewBox(twoRows.Render())[3]);
    }

    private static double Value(Match match, int group) => double.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture);
}
