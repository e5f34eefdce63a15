using System.Globalization;
using System.Net;
using System.Text;

namespace Modulo.Perf.Engine.Reporting.Html;

/// <summary>
/// A line chart rendered as inline SVG text: gridlines and tick labels on both axes, one polyline (or a row of
/// dots) per series and a legend, and dashed vertical markers where the lines break (a change that makes the points
/// on either side incomparable). Colours come from CSS classes, so the report's stylesheet styles every chart alike. No script: the
/// chart is a static picture that any browser, mail client or artifact viewer shows as is.
/// </summary>
public sealed class SvgLineChart
{
    private const double Width = 960, PlotHeight = 226;
    private const double Left = 64, Right = 36, Bottom = 44;
    private const double LegendRow = 18;

    public required string Title { get; init; }
    public required string XLabel { get; init; }
    public required string YLabel { get; init; }
    public required ChartAxis X { get; init; }
    public required ChartAxis Y { get; init; }
    public required IReadOnlyList<ChartSeries> Series { get; init; }
    public IReadOnlyList<ChartMarker> Markers { get; init; } = [];

    public string Render()
    {
        var legend = LayOutLegend();
        // The legend takes as many rows as its names need; the plot keeps its height below it.
        var top = 12 + (legend.Count == 0 ? 1 : legend.Max(l => l.Row) + 1) * LegendRow;
        var height = top + PlotHeight + Bottom;
        double PlotY(double value) =>
            height - Bottom - (Math.Clamp(value, Y.Min, Y.Max) - Y.Min) / (Y.Max - Y.Min) * PlotHeight;
        var svg = new StringBuilder();
        svg.Append(Invariant($"<svg class=\"chart\" viewBox=\"0 0 {Width} {height}\" role=\"img\" aria-label=\"{Encode(Title)}\">"));
        svg.Append($"<title>{Encode(Title)}</title>");
        foreach (var tick in Y.Ticks)
        {
            var y = PlotY(tick.Value);
            svg.Append(Invariant($"<line class=\"grid\" x1=\"{Left}\" y1=\"{y:0.#}\" x2=\"{Width - Right}\" y2=\"{y:0.#}\"/>"));
            svg.Append(Invariant($"<text class=\"tick\" x=\"{Left - 6}\" y=\"{y + 4:0.#}\" text-anchor=\"end\">{Encode(tick.Label)}</text>"));
        }
        foreach (var tick in X.Ticks)
        {
            var x = PlotX(tick.Value);
            svg.Append(Invariant($"<line class=\"grid\" x1=\"{x:0.#}\" y1=\"{top}\" x2=\"{x:0.#}\" y2=\"{height - Bottom}\"/>"));
            svg.Append(Invariant($"<text class=\"tick\" x=\"{x:0.#}\" y=\"{height - Bottom + 16}\" text-anchor=\"middle\">{Encode(tick.Label)}</text>"));
        }
        svg.Append(Invariant($"<rect class=\"frame\" x=\"{Left}\" y=\"{top}\" width=\"{Width - Left - Right}\" height=\"{height - top - Bottom}\"/>"));
        svg.Append(Invariant($"<text class=\"axis-label\" x=\"{(Left + Width - Right) / 2}\" y=\"{height - 6}\" text-anchor=\"middle\">{Encode(XLabel)}</text>"));
        svg.Append(Invariant($"<text class=\"axis-label\" x=\"14\" y=\"{(top + height - Bottom) / 2}\" text-anchor=\"middle\" transform=\"rotate(-90 14 {(top + height - Bottom) / 2})\">{Encode(YLabel)}</text>"));
        foreach (var series in Series.Where(s => s.Points.Count > 0 && s.Dots))
        {
            foreach (var point in series.Points)
            {
                svg.Append(Invariant($"<circle class=\"dot {series.CssClass}\" cx=\"{PlotX(point.X):0.#}\" cy=\"{PlotY(point.Y):0.#}\" r=\"4\"><title>{Encode(series.Name)}: {point.Y:0.###}</title></circle>"));
            }
        }
        foreach (var marker in Markers)
        {
            var x = PlotX(marker.X);
            svg.Append(Invariant($"<line class=\"marker\" x1=\"{x:0.#}\" y1=\"{top}\" x2=\"{x:0.#}\" y2=\"{height - Bottom}\"><title>{Encode(marker.Title)}</title></line>"));
        }
        foreach (var series in Series.Where(s => !s.Dots))
        {
            foreach (var segment in Segments(series.Points))
            {
                var points = string.Join(" ", segment.Select(p => Invariant($"{PlotX(p.X):0.#},{PlotY(p.Y):0.#}")));
                svg.Append($"<polyline class=\"series {series.CssClass}\" points=\"{points}\"><title>{Encode(series.Name)}</title></polyline>");
            }
        }
        foreach (var (series, x, row) in legend)
        {
            var y = 14 + row * LegendRow;
            svg.Append(Invariant($"<line class=\"series {series.CssClass}\" x1=\"{x}\" y1=\"{y}\" x2=\"{x + 18}\" y2=\"{y}\"/>"));
            svg.Append(Invariant($"<text class=\"legend\" x=\"{x + 24}\" y=\"{y + 4}\">{Encode(series.Name)}</text>"));
        }
        svg.Append("</svg>");
        return svg.ToString();
    }

    /// <summary>The series' points cut at every marker: a line never joins points that a marker separates.</summary>
    private IEnumerable<List<ChartPoint>> Segments(IReadOnlyList<ChartPoint> points)
    {
        var segment = new List<ChartPoint>();
        foreach (var point in points)
        {
            if (segment.Count > 0 && Markers.Any(m => segment[^1].X < m.X && m.X < point.X))
            {
                yield return segment;
                segment = [];
            }
            segment.Add(point);
        }
        if (segment.Count > 0)
        {
            yield return segment;
        }
    }

    /// <summary>Places each legend entry left to right, starting a new row when the next name would not fit.</summary>
    private List<(ChartSeries Series, double X, int Row)> LayOutLegend()
    {
        var entries = new List<(ChartSeries, double, int)>();
        var (x, row) = (Left, 0);
        foreach (var series in Series)
        {
            // An estimate of the name's width at the legend's 12px font: no layout engine runs here.
            var width = 40 + series.Name.Length * 7.5;
            if (x > Left && x + width > Width - Right)
            {
                (x, row) = (Left, row + 1);
            }
            entries.Add((series, x, row));
            x += width;
        }
        return entries;
    }

    private double PlotX(double value) =>
        Left + (Math.Clamp(value, X.Min, X.Max) - X.Min) / (X.Max - X.Min) * (Width - Left - Right);

    private static string Encode(string text) => WebUtility.HtmlEncode(text);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
