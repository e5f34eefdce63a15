namespace Modulo.Perf.Engine.Execution.Segments;

/// <summary>
/// k6's execution segment: the part (From, To] of a test's work that one instance runs, 0 ≤ From &lt; To ≤ 1.
/// Written <c>1/4:2/4</c>; a single value <c>1/4</c> means <c>0:1/4</c>, as in k6.
/// </summary>
public sealed record ExecutionSegment(Fraction From, Fraction To)
{
    public static ExecutionSegment Whole { get; } = new(Fraction.Zero, Fraction.One);

    public Fraction Length => To - From;

    public static ExecutionSegment Parse(string text)
    {
        var colon = text.IndexOf(':');
        var from = colon < 0 ? Fraction.Zero : ParsePoint(text[..colon], text);
        var to = ParsePoint(colon < 0 ? text : text[(colon + 1)..], text);
        return Create(from, to, text);
    }

    public static ExecutionSegment Create(Fraction from, Fraction to, string text)
    {
        if (from.CompareTo(to) >= 0 || to.CompareTo(Fraction.One) > 0)
        {
            throw new FormatException($"execution segment '{text}': its start ({from}) must be below its end ({to}), and its end at most 1");
        }
        return new ExecutionSegment(from, to);
    }

    internal static Fraction ParsePoint(string point, string whole) =>
        Fraction.TryParse(point, out var error) ?? throw new FormatException($"execution segment '{whole}': {error}");

    /// <summary>k6's notation, <c>1/4:1/2</c>.</summary>
    public override string ToString() => $"{From}:{To}";
}
