using System.Globalization;
using System.Net;
using System.Text;

namespace Modulo.Perf.Engine.Reporting.Html;

/// <summary>
/// A line chart rendered as inline SVG text: gridlines and tick labels on both axes, one polyline per series and
/// a legend. Colours come from CSS classes, so the report's stylesheet styles every chart alike. No script: the
/// chart is a static picture that any browser, mail client or artifact viewer shows as is.
/// </summary>
public sealed class SvgLineChart
{
    private const double Width = 960, Height = 300;
    private const double Left = 64, Right = 36, Top = 30, Bottom = 44;

    public required string Title { get; init; }
    public required string XLabel { get; init; }
    public required string YLabel { get; init; }
    public required ChartAxis X { get; init; }
    public required ChartAxis Y { get; init; }
    public required IReadOnlyList<ChartSeries> Series { get; init; }

    public string Render()
    {
        var svg = new StringBuilder();
        svg.Append(Invariant($"<svg class=\"chart\" viewBox=\"0 0 {Width} {Height}\" role=\"img\" aria-label=\"{Encode(Title)}\">"));
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
            svg.Append(Invariant($"<line class=\"grid\" x1=\"{x:0.#}\" y1=\"{Top}\" x2=\"{x:0.#}\" y2=\"{Height - Bottom}\"/>"));
            svg.Append(Invariant($"<text class=\"tick\" x=\"{x:0.#}\" y=\"{Height - Bottom + 16}\" text-anchor=\"middle\">{Encode(tick.Label)}</text>"));
        }
        svg.Append(Invariant($"<rect class=\"frame\" x=\"{Left}\" y=\"{Top}\" width=\"{Width - Left - Right}\" height=\"{Height - Top - Bottom}\"/>"));
        svg.Append(Invariant($"<text class=\"axis-label\" x=\"{(Left + Width - Right) / 2}\" y=\"{Height - 6}\" text-anchor=\"middle\">{Encode(XLabel)}</text>"));
        svg.Append(Invariant($"<text class=\"axis-label\" x=\"14\" y=\"{(Top + Height - Bottom) / 2}\" text-anchor=\"middle\" transform=\"rotate(-90 14 {(Top + Height - Bottom) / 2})\">{Encode(YLabel)}</text>"));
        foreach (var series in Series.Where(s => s.Points.Count > 0))
        {
            var points = string.Join(" ", series.Points.Select(p => Invariant($"{PlotX(p.X):0.#},{PlotY(p.Y):0.#}")));
            svg.Append($"<polyline class=\"series {series.CssClass}\" points=\"{points}\"><title>{Encode(series.Name)}</title></polyline>");
        }
        AppendLegend(svg);
        svg.Append("</svg>");
        return svg.ToString();
    }

    private void AppendLegend(StringBuilder svg)
    {
        var x = Left;
        foreach (var series in Series)
        {
            svg.Append(Invariant($"<line class=\"series {series.CssClass}\" x1=\"{x}\" y1=\"14\" x2=\"{x + 18}\" y2=\"14\"/>"));
            svg.Append(Invariant($"<text class=\"legend\" x=\"{x + 24}\" y=\"18\">{Encode(series.Name)}</text>"));
            // Wide enough for the name at the legend's font size; legends are short ("p95", "read").
            x += 40 + series.Name.Length * 7.5;
        }
    }

    private double PlotX(double value) =>
        Left + (Math.Clamp(value, X.Min, X.Max) - X.Min) / (X.Max - X.Min) * (Width - Left - Right);

    private double PlotY(double value) =>
        Height - Bottom - (Math.Clamp(value, Y.Min, Y.Max) - Y.Min) / (Y.Max - Y.Min) * (Height - Top - Bottom);

    private static string Encode(string text) => WebUtility.HtmlEncode(text);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
