namespace Modulo.Perf.Engine.Http;

/// <summary>
/// HTTP's optional whitespace (RFC 9110 §5.6.3: spaces and horizontal tabs) around header values, list items and
/// chunk sizes. A loop of its own because the general <c>Trim(" \t"u8)</c> searches a set for every byte it looks
/// at, and the lean path trims several times per response.
/// </summary>
internal static class OptionalWhitespace
{
    public static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> value)
    {
        var start = 0;
        while (start < value.Length && value[start] is (byte)' ' or (byte)'\t')
        {
            start++;
        }
        var end = value.Length;
        while (end > start && value[end - 1] is (byte)' ' or (byte)'\t')
        {
            end--;
        }
        return value[start..end];
    }
}
