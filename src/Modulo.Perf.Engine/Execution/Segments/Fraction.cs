using System.Globalization;
using System.Numerics;

namespace Modulo.Perf.Engine.Execution.Segments;

/// <summary>
/// An exact rational number in [0, 1], as k6 writes execution segments: <c>1/4</c>, <c>0.25</c> or <c>25%</c>.
/// Exact, so that segments that meet (1/3:2/3 and 2/3:1) meet exactly and no VU or iteration is lost to rounding.
/// </summary>
public readonly record struct Fraction
{
    public Fraction(long numerator, long denominator)
    {
        if (denominator <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(denominator), denominator, "must be positive");
        }
        var gcd = (long)BigInteger.GreatestCommonDivisor(numerator, denominator);
        Numerator = numerator / Math.Max(gcd, 1);
        Denominator = denominator / Math.Max(gcd, 1);
    }

    public long Numerator { get; }
    public long Denominator { get; }

    public static Fraction Zero { get; } = new(0, 1);
    public static Fraction One { get; } = new(1, 1);

    public static Fraction operator -(Fraction left, Fraction right) =>
        new(left.Numerator * right.Denominator - right.Numerator * left.Denominator, left.Denominator * right.Denominator);

    public int CompareTo(Fraction other) => (Numerator * other.Denominator).CompareTo(other.Numerator * Denominator);

    /// <summary>Parses <c>3/4</c>, <c>0.75</c> or <c>75%</c>; null with <paramref name="error"/> otherwise.</summary>
    public static Fraction? TryParse(string text, out string? error)
    {
        error = null;
        text = text.Trim();
        if (text.EndsWith('%') && long.TryParse(text[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var percent))
        {
            return new Fraction(percent, 100);
        }
        var slash = text.IndexOf('/');
        if (slash > 0
            && long.TryParse(text[..slash], NumberStyles.None, CultureInfo.InvariantCulture, out var numerator)
            && long.TryParse(text[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var denominator)
            && denominator > 0)
        {
            return new Fraction(numerator, denominator);
        }
        if (slash < 0 && decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) && value <= 1)
        {
            var scale = (long)Math.Pow(10, value.Scale);
            return new Fraction((long)(value * scale), scale);
        }
        error = $"'{text}' is not a fraction (1/4), a decimal (0.25) or a percentage (25%) between 0 and 1";
        return null;
    }

    public override string ToString() =>
        Denominator == 1 ? Numerator.ToString(CultureInfo.InvariantCulture) : string.Create(CultureInfo.InvariantCulture, $"{Numerator}/{Denominator}");
}
