using System.Numerics;

namespace Modulo.Perf.Engine.Execution.Segments;

/// <summary>
/// k6's execution segment sequence: the segments all instances of one test use, written as their boundaries
/// (<c>0,1/4,1/2,3/4,1</c>). Every instance must be given the same sequence, because the sequence decides which
/// VU numbers and iteration numbers each segment owns (the "stripes" below).
/// </summary>
public sealed class ExecutionSegmentSequence
{
    // The stripes repeat every Lcd indexes; an LCD beyond this means fractions nobody splits a test into.
    private const long MaxLcd = 1_000_000;

    private readonly long[][] _stripes;

    private ExecutionSegmentSequence(IReadOnlyList<ExecutionSegment> segments)
    {
        Segments = segments;
        Lcd = segments.Aggregate(1L, (lcd, s) => Lcm(lcd, s.Length.Denominator));
        if (Lcd > MaxLcd)
        {
            throw new FormatException($"execution segment sequence '{this}': its common denominator {Lcd} is above {MaxLcd}; use simpler fractions");
        }
        _stripes = Stripe(segments, Lcd);
    }

    public IReadOnlyList<ExecutionSegment> Segments { get; }

    /// <summary>The least common denominator of the segments' lengths: the period of the stripes.</summary>
    public long Lcd { get; }

    /// <summary>The equal split into <paramref name="count"/> segments: 0, 1/n, ..., 1.</summary>
    public static ExecutionSegmentSequence Equal(int count) =>
        new([.. Enumerable.Range(0, count).Select(i => new ExecutionSegment(new Fraction(i, count), new Fraction(i + 1, count)))]);

    /// <summary>Parses <c>0,1/4,1/2,3/4,1</c>; gaps at either end are filled, as k6 does.</summary>
    public static ExecutionSegmentSequence Parse(string text)
    {
        var points = text.Split(',').Select(p => ExecutionSegment.ParsePoint(p, text)).ToList();
        if (points.Count < 2)
        {
            throw new FormatException($"execution segment sequence '{text}': at least two points are needed, such as 0,1/2,1");
        }
        return Fill([.. points.Zip(points.Skip(1), (from, to) => ExecutionSegment.Create(from, to, text))]);
    }

    /// <summary>The given segments, completed with (0, first] and (last, 1] where they do not reach 0 or 1.</summary>
    public static ExecutionSegmentSequence Fill(IReadOnlyList<ExecutionSegment> segments)
    {
        var filled = new List<ExecutionSegment>();
        if (segments[0].From.CompareTo(Fraction.Zero) != 0)
        {
            filled.Add(new ExecutionSegment(Fraction.Zero, segments[0].From));
        }
        filled.AddRange(segments);
        if (segments[^1].To.CompareTo(Fraction.One) != 0)
        {
            filled.Add(new ExecutionSegment(segments[^1].To, Fraction.One));
        }
        return new ExecutionSegmentSequence(filled);
    }

    /// <summary>The position of <paramref name="segment"/> in this sequence, or -1.</summary>
    public int IndexOf(ExecutionSegment segment) => Segments.ToList().IndexOf(segment);

    /// <summary>The indexes in [0, Lcd) that segment <paramref name="index"/> owns, ascending.</summary>
    public IReadOnlyList<long> StripeOf(int index) => _stripes[index];

    public override string ToString() => string.Join(",", Segments.Select(s => s.From).Append(Segments[^1].To));

    // k6's striping: hand out the Lcd indexes one by one, largest segment first, each index to the first segment
    // whose share so far is behind its length. Each segment then owns exactly length × Lcd indexes per period,
    // spread as evenly as they can be, so any count scaled by the stripes sums exactly over the segments.
    private static long[][] Stripe(IReadOnlyList<ExecutionSegment> segments, long lcd)
    {
        var shares = segments.Select(s => s.Length.Numerator * (lcd / s.Length.Denominator)).ToArray();
        var order = Enumerable.Range(0, segments.Count).OrderByDescending(i => shares[i]).ToArray();
        var chosen = new long[segments.Count];
        var stripes = segments.Select(_ => new List<long>()).ToArray();
        for (long index = 0; index < lcd; index++)
        {
            foreach (var segment in order)
            {
                var owed = chosen[segment] * lcd;
                if (index > owed / shares[segment] || (index == owed / shares[segment] && owed % shares[segment] == 0))
                {
                    chosen[segment]++;
                    stripes[segment].Add(index);
                    break;
                }
            }
        }
        return [.. stripes.Select(s => s.ToArray())];
    }

    private static long Lcm(long a, long b) => a / (long)BigInteger.GreatestCommonDivisor(a, b) * b;
}
