namespace Modulo.Perf.Engine.Reporting.Html;

/// <summary>
/// One series of a chart: its legend name, the CSS class that colours it, and its points in data units, drawn
/// as a line or, when <paramref name="Dots"/>, as separate points (values that are not a continuous signal).
/// </summary>
public sealed record ChartSeries(string Name, string CssClass, IReadOnlyList<ChartPoint> Points, bool Dots = false);

public readonly record struct ChartPoint(double X, double Y);

/// <summary>A vertical mark at <paramref name="X"/>, between points: every line breaks there. Its title says why.</summary>
public sealed record ChartMarker(double X, string Title);
