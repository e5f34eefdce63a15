namespace Modulo.Perf.Engine.Execution.Segments;

/// <summary>
/// One instance's share of a test: its segment within the sequence every instance uses. Global VU numbers and
/// iteration numbers (0, 1, 2, ... of the unsegmented test) are dealt out by the sequence's stripes, so the
/// instances' shares never overlap, always add up to the whole, and each instance computes its own share alone.
/// </summary>
public sealed class ExecutionTuple
{
    private readonly long[] _stripe;
    private readonly HashSet<long> _owned;

    public ExecutionTuple(ExecutionSegmentSequence sequence, int index)
    {
        Sequence = sequence;
        Index = index;
        _stripe = [.. sequence.StripeOf(index)];
        _owned = [.. _stripe];
    }

    /// <summary>The whole test on one instance.</summary>
    public static ExecutionTuple Whole { get; } = new(ExecutionSegmentSequence.Equal(1), 0);

    public ExecutionSegmentSequence Sequence { get; }
    public int Index { get; }
    public ExecutionSegment Segment => Sequence.Segments[Index];
    public bool IsWhole => Sequence.Segments.Count == 1;

    /// <summary>How a user names this share in messages: <c>segment 2 of 4 (1/4:1/2)</c>.</summary>
    public string Name => $"segment {Index + 1} of {Sequence.Segments.Count} ({Segment})";

    /// <summary>This segment's part of <paramref name="value"/> VUs (or iterations): how many of 0..value-1 it owns.</summary>
    public long Scale(long value)
    {
        var lcd = Sequence.Lcd;
        var remainder = value % lcd;
        return value / lcd * _stripe.Length + _stripe.Count(i => i < remainder);
    }

    public int Scale(int value) => (int)Scale((long)value);

    /// <summary>The global number of this segment's <paramref name="local"/>-th VU or iteration (both from 0).</summary>
    public long GlobalIndex(long local) => local / _stripe.Length * Sequence.Lcd + _stripe[local % _stripe.Length];

    /// <summary>True when global number <paramref name="global"/> belongs to this segment.</summary>
    public bool Owns(long global) => _owned.Contains(global % Sequence.Lcd);

    /// <summary>
    /// The command line's segment options: <c>--execution-segment</c> (with or without
    /// <c>--execution-segment-sequence</c>) or the shorthand <c>--segment i/n</c>, the i-th of n equal parts.
    /// </summary>
    public static ExecutionTuple FromOptions(string? segment, string? sequence, string? shorthand)
    {
        if (shorthand is not null)
        {
            if (segment is not null || sequence is not null)
            {
                throw new FormatException("--segment is a shorthand for --execution-segment and --execution-segment-sequence; give one or the other");
            }
            var parts = shorthand.Split('/');
            if (parts.Length != 2 || !int.TryParse(parts[0], out var number) || !int.TryParse(parts[1], out var count) || count < 1 || number < 1 || number > count)
            {
                throw new FormatException($"--segment '{shorthand}': expected i/n with 1 ≤ i ≤ n, such as 2/4 for the second of four equal parts");
            }
            return new ExecutionTuple(ExecutionSegmentSequence.Equal(count), number - 1);
        }
        if (segment is null)
        {
            return sequence is null ? Whole : throw new FormatException("--execution-segment-sequence needs --execution-segment: which of its segments this instance runs");
        }
        var parsed = ExecutionSegment.Parse(segment);
        var fullSequence = sequence is null ? ExecutionSegmentSequence.Fill([parsed]) : ExecutionSegmentSequence.Parse(sequence);
        var index = fullSequence.IndexOf(parsed);
        return index >= 0
            ? new ExecutionTuple(fullSequence, index)
            : throw new FormatException($"--execution-segment '{segment}' is not one of the segments of --execution-segment-sequence '{fullSequence}'");
    }
}
