using System.Diagnostics.CodeAnalysis;
using HdrHistogram;
using HdrHistogram.Utilities;
using Modulo.Perf.Engine.Metrics;

namespace Modulo.Perf.Engine.Baselines;

/// <summary>
/// HdrHistogram's standard compressed encoding (the one every HdrHistogram port reads), as base64 so it can
/// live in JSON. Storing the whole histogram, not just p95, is what lets a later run test significance.
/// </summary>
public static class HistogramCodec
{
    // Every compressed encoding starts with the same 4-byte cookie; taken from an encoding of our own so the
    // check follows the library rather than a copied constant.
    private static readonly byte[] Cookie = Convert.FromBase64String(Encode(HistogramSettings.CreateAccumulator()))[..4];

    public static string Encode(HistogramBase histogram)
    {
        var buffer = ByteBuffer.Allocate(histogram.GetNeededByteBufferCapacity());
        var length = HistogramEncoding.EncodeIntoCompressedByteBuffer(histogram, buffer);
        // ByteBuffer exposes its bytes only one at a time; an encoding is a few hundred bytes.
        buffer.Position = 0;
        var bytes = new byte[length];
        for (var i = 0; i < length; i++)
        {
            bytes[i] = buffer.Get();
        }
        return Convert.ToBase64String(bytes);
    }

    /// <summary>
    /// A cheap check, without inflating, that the text is base64 of a compressed encoding: what a baseline's
    /// histograms must pass when the file is read, so damage is found before a run rather than mid-comparison.
    /// </summary>
    public static bool LooksEncoded(string base64)
    {
        var bytes = new byte[base64.Length];
        return Convert.TryFromBase64String(base64, bytes, out var length) && length > Cookie.Length && bytes.AsSpan(0, Cookie.Length).SequenceEqual(Cookie);
    }

    /// <summary>Decodes; throws <see cref="FormatException"/> when the text is not an encoded histogram.</summary>
    /// <remarks>
    /// The decoder constructs the histogram type that fits the encoding's word size through reflection, which the
    /// NativeAOT compiler cannot see: without these dependencies it keeps no constructor metadata and every decode
    /// fails with "does not have a supported constructor".
    /// </remarks>
    [DynamicDependency(DynamicallyAccessedMemberTypes.PublicConstructors, typeof(LongHistogram))]
    [DynamicDependency(DynamicallyAccessedMemberTypes.PublicConstructors, typeof(IntHistogram))]
    [DynamicDependency(DynamicallyAccessedMemberTypes.PublicConstructors, typeof(ShortHistogram))]
    public static HistogramBase Decode(string base64)
    {
        try
        {
            return HistogramEncoding.DecodeFromCompressedByteBuffer(ByteBuffer.Allocate(Convert.FromBase64String(base64)), 0);
        }
        catch (Exception e) when (e is not FormatException)
        {
            // The decoder reports damage as whatever its reads trip over (index, argument, inflate errors).
            throw new FormatException($"not an HdrHistogram compressed encoding: {e.Message}", e);
        }
    }
}
