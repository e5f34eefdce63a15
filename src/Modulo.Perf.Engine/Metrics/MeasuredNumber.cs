using System.Globalization;

namespace Modulo.Perf.Engine.Metrics;

/// <summary>
/// Measured values as people read them: three decimals (one from 100 up), at least three significant digits, and
/// more digits whenever fewer would tell a different story. A rate of 0.000291 is never shown as 0, and a value
/// that failed a comparison is never shown as one that would have passed it (0.9999997 against <c>rate==1</c>).
/// </summary>
public static class MeasuredNumber
{
    private const int SignificantDigits = 3;
    private const int MostDecimals = 15;

    /// <summary>The value as text; <paramref name="verdict"/>, when given, must judge the text as it judged the value.</summary>
    public static string Format(double value, Func<double, bool>? verdict = null)
    {
        if (double.IsNaN(value) || double.IsInfinity(value))
        {
            return value.ToString(CultureInfo.InvariantCulture);
        }
        for (var decimals = FirstDecimals(value); decimals <= MostDecimals; decimals++)
        {
            var text = Math.Round(value, decimals, MidpointRounding.AwayFromZero).ToString("0." + new string('#', decimals), CultureInfo.InvariantCulture);
            var shown = double.Parse(text, CultureInfo.InvariantCulture);
            if (Tells(value, shown, verdict))
            {
                return text;
            }
        }
        return value.ToString("R", CultureInfo.InvariantCulture);
    }

    /// <summary>A share (0..1) as a percentage with the same guarantee: 1 of 2,018 is 0.0496 %, never 0 % or 0.050 %.</summary>
    public static string Percent(double share) => Format(share * 100) + " %";

    private static int FirstDecimals(double value)
    {
        var usual = Math.Abs(value) >= 100 ? 1 : 3;
        if (value == 0)
        {
            return usual;
        }
        var magnitude = (int)Math.Floor(Math.Log10(Math.Abs(value)));
        return Math.Max(usual, SignificantDigits - 1 - magnitude);
    }

    /// <summary>Zero only when it is zero, whole only when it is whole, and on the same side of the comparison.</summary>
    private static bool Tells(double value, double shown, Func<double, bool>? verdict) =>
        (shown != 0 || value == 0)
        && (shown != Math.Round(shown) || value == Math.Round(value) || Math.Abs(value) >= 100)
        && (verdict is null || verdict(shown) == verdict(value));
}
