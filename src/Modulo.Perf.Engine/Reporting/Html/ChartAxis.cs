using System.Globalization;

namespace Modulo.Perf.Engine.Reporting.Html;

/// <summary>A labelled position on an axis, in data units.</summary>
public sealed record AxisTick(double Value, string Label);

/// <summary>An axis' range and its ticks.</summary>
public sealed record ChartAxis(double Min, double Max, IReadOnlyList<AxisTick> Ticks)
{
    /// <summary>
    /// A linear axis from <paramref name="min"/> that covers <paramref name="max"/>, with about
    /// <paramref name="targetTicks"/> ticks at round steps (1, 2 or 5 times a power of ten), so gridlines fall on
    /// numbers a reader can use. A value axis extends to the next tick; a time axis (<paramref name="endAtMax"/>)
    /// ends where the data ends, so the last seconds are not squeezed against empty space.
    /// </summary>
    public static ChartAxis Linear(double min, double max, int targetTicks = 5, bool endAtMax = false)
    {
        if (!(max > min))
        {
            max = min + 1;
        }
        var step = NiceStep((max - min) / targetTicks);
        var top = Math.Ceiling(max / step - 1e-9) * step;
        var ticks = new List<AxisTick>();
        for (var i = 0; min + i * step <= top + step / 2; i++)
        {
            var value = min + i * step;
            ticks.Add(new AxisTick(value, Format(value)));
        }
        return endAtMax
            ? new ChartAxis(min, max, ticks.Where(t => t.Value <= max + 1e-9).ToList())
            : new ChartAxis(min, top, ticks);
    }

    private static double NiceStep(double rough)
    {
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(rough)));
        var fraction = rough / magnitude;
        return magnitude * (fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10);
    }

    public static string Format(double value) =>
        value.ToString(Math.Abs(value) >= 100 ? "#,0" : "0.###", CultureInfo.InvariantCulture);
}
