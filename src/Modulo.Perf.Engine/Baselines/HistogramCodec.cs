using HdrHistogram;
using HdrHistogram.Utilities;

namespace Modulo.Perf.Engine.Baselines;

/// <summary>
/// HdrHistogram's standard compressed encoding (the one every HdrHistogram port reads), as base64 so it can
/// live in JSON. Storing the whole histogram, not just p95, is what lets a later run test significance.
/// </summary>
public static class HistogramCodec
{
    public static string Encode(HistogramBase histogram)
    {
        // Allocate(byte[]) wraps the array, so the encoder writes straight into it.
        var bytes = new byte[histogram.GetNeededByteBufferCapacity()];
        var length = HistogramEncoding.EncodeIntoCompressedByteBuffer(histogram, ByteBuffer.Allocate(bytes));
        return Convert.ToBase64String(bytes, 0, length);
    }

    /// <summary>Decodes; throws <see cref="FormatException"/> when the text is not an encoded histogram.</summary>
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
