using System.Buffers.Text;
using System.Text;

namespace Modulo.Perf.Engine.Http;

/// <summary>
/// The status line and the headers that frame an HTTP/1.x response, parsed from bytes without allocating.
/// Only what framing and connection reuse need is kept, plus what the step above follows (Set-Cookie, Location);
/// other headers are skipped. Those two allocate their strings, and only when a response carries them.
/// </summary>
internal readonly struct Http11ResponseHead
{
    private Http11ResponseHead(int statusCode, long contentLength, bool chunked, bool keepAlive, ResponseHeaders headers)
    {
        StatusCode = statusCode;
        ContentLength = contentLength;
        Chunked = chunked;
        KeepAlive = keepAlive;
        Headers = headers;
    }

    /// <summary>The Set-Cookie and Location headers, for the cookie jar and redirects.</summary>
    public ResponseHeaders Headers { get; }

    public int StatusCode { get; }

    /// <summary>-1 when the response has no Content-Length.</summary>
    public long ContentLength { get; }

    public bool Chunked { get; }

    /// <summary>Whether the connection may carry another request after this response.</summary>
    public bool KeepAlive { get; }

    /// <summary>"HTTP/1." : every response must start with these bytes, so garbage is recognised at once.</summary>
    public static ReadOnlySpan<byte> VersionPrefix => "HTTP/1."u8;

    /// <summary>True when <paramref name="received"/> could still be the start of a response.</summary>
    public static bool CouldStartResponse(ReadOnlySpan<byte> received)
    {
        var n = Math.Min(received.Length, VersionPrefix.Length);
        return received[..n].SequenceEqual(VersionPrefix[..n]);
    }

    /// <summary>
    /// Parses <paramref name="head"/>: everything before the blank line, without its final line feed. Lines end in
    /// CRLF or, as RFC 9112 §2.2 lets a recipient accept (and curl does), a bare LF.
    /// </summary>
    /// <exception cref="HttpTransportFailureException">The head is not valid HTTP/1.x.</exception>
    public static Http11ResponseHead Parse(ReadOnlySpan<byte> head)
    {
        var lineEnd = head.IndexOf((byte)'\n');
        var statusLine = WithoutCarriageReturn(lineEnd < 0 ? head : head[..lineEnd]);
        // "HTTP/1.x SSS" then a space and a reason phrase, or nothing.
        if (statusLine.Length < 12 || !statusLine.StartsWith(VersionPrefix) || statusLine[7] is not ((byte)'0' or (byte)'1') ||
            statusLine[8] != ' ' || (statusLine.Length > 12 && statusLine[12] != ' ') ||
            !Utf8Parser.TryParse(statusLine.Slice(9, 3), out int statusCode, out var consumed) || consumed != 3 || statusCode < 100)
        {
            throw HttpTransportFailureException.Protocol($"Invalid status line '{Printable(statusLine)}'.");
        }

        var http10 = statusLine[7] == '0';

        long contentLength = -1;
        bool chunked = false, close = false, keepAliveToken = false;
        List<string>? setCookies = null;
        string? location = null;
        var rest = lineEnd < 0 ? [] : head[(lineEnd + 1)..];
        while (!rest.IsEmpty)
        {
            var end = rest.IndexOf((byte)'\n');
            var line = WithoutCarriageReturn(end < 0 ? rest : rest[..end]);
            rest = end < 0 ? [] : rest[(end + 1)..];

            var colon = line.IndexOf((byte)':');
            // A line starting with whitespace is obsolete folding, which RFC 9112 lets a client reject.
            if (colon <= 0 || line[0] is (byte)' ' or (byte)'\t' || line[colon - 1] is (byte)' ' or (byte)'\t')
            {
                throw HttpTransportFailureException.Protocol($"Invalid header line '{Printable(line)}'.");
            }

            var name = line[..colon];
            var value = OptionalWhitespace.Trim(line[(colon + 1)..]);

            if (Ascii.EqualsIgnoreCase(name, "Content-Length"u8))
            {
                // RFC 9110 §8.6: a list of identical values ("2, 2", from a proxy merging headers) is that one value.
                foreach (var range in value.Split((byte)','))
                {
                    var item = OptionalWhitespace.Trim(value[range]);
                    if (!Utf8Parser.TryParse(item, out long length, out var used) || used != item.Length || length < 0 ||
                        (contentLength >= 0 && contentLength != length))
                    {
                        throw HttpTransportFailureException.Protocol($"Invalid Content-Length '{Printable(value)}'.");
                    }

                    contentLength = length;
                }
            }
            else if (Ascii.EqualsIgnoreCase(name, "Transfer-Encoding"u8))
            {
                // Chunked is only meaningful as the final coding; anything else leaves the length to EOF.
                chunked = EndsWithToken(value, "chunked"u8);
                if (!chunked)
                {
                    close = true;
                }
            }
            else if (Ascii.EqualsIgnoreCase(name, "Connection"u8))
            {
                close |= HasToken(value, "close"u8);
                keepAliveToken |= HasToken(value, "keep-alive"u8);
            }
            else if (Ascii.EqualsIgnoreCase(name, "Set-Cookie"u8))
            {
                (setCookies ??= []).Add(Encoding.Latin1.GetString(value));
            }
            else if (Ascii.EqualsIgnoreCase(name, "Location"u8))
            {
                location = Encoding.UTF8.GetString(value);
            }
        }

        if (chunked && contentLength >= 0)
        {
            // RFC 9112 §6.3: Transfer-Encoding wins, and the connection must not be reused afterwards.
            contentLength = -1;
            close = true;
        }
        var keepAlive = !close && (!http10 || keepAliveToken);
        return new Http11ResponseHead(statusCode, contentLength, chunked, keepAlive, new ResponseHeaders(setCookies, location));
    }

    private static ReadOnlySpan<byte> WithoutCarriageReturn(ReadOnlySpan<byte> line) =>
        line.EndsWith((byte)'\r') ? line[..^1] : line;

    private static bool HasToken(ReadOnlySpan<byte> list, ReadOnlySpan<byte> token)
    {
        foreach (var range in list.Split((byte)','))
        {
            if (Ascii.EqualsIgnoreCase(OptionalWhitespace.Trim(list[range]), token))
            {
                return true;
            }
        }
        return false;
    }

    private static bool EndsWithToken(ReadOnlySpan<byte> list, ReadOnlySpan<byte> token)
    {
        var lastComma = list.LastIndexOf((byte)',');
        return Ascii.EqualsIgnoreCase(OptionalWhitespace.Trim(list[(lastComma + 1)..]), token);
    }

    /// <summary>Only for failure messages: at most 80 characters, control bytes shown as '?'.</summary>
    private static string Printable(ReadOnlySpan<byte> bytes)
    {
        var shown = bytes[..Math.Min(bytes.Length, 80)];
        var chars = new char[shown.Length];
        for (var i = 0; i < shown.Length; i++)
        {
            chars[i] = shown[i] is >= 0x20 and < 0x7F ? (char)shown[i] : '?';
        }

        return new string(chars);
    }
}
