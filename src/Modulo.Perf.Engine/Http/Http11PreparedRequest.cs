using System.Text;

namespace Modulo.Perf.Engine.Http;

/// <summary>A request encoded to its exact HTTP/1.1 bytes (request line, headers, body), sent as is every time.</summary>
internal sealed class Http11PreparedRequest : PreparedRequest
{
    private Http11PreparedRequest(string method, string pathAndQuery, byte[] wire) : base(method, pathAndQuery) => Wire = wire;

    /// <summary>The whole request as written to the socket.</summary>
    public ReadOnlyMemory<byte> Wire { get; }

    public static Http11PreparedRequest Create(Uri baseAddress, string method, string pathAndQuery,
        IReadOnlyList<KeyValuePair<string, string>> headers, ReadOnlyMemory<byte> jsonBody, string defaultUserAgent)
    {
        method = RequestRules.ValidateMethod(method);
        var target = RequestRules.ResolveTarget(baseAddress, pathAndQuery);
        var requestTarget = target.PathAndQuery;

        bool userHost = false, userAgent = false, userContentType = false, userAuthorization = false;
        var head = new StringBuilder(256);
        head.Append(method).Append(' ').Append(requestTarget).Append(" HTTP/1.1\r\n");
        foreach (var header in headers)
        {
            RequestRules.ValidateHeader(header);
            // Framing is ours: a user's Content-Length or Transfer-Encoding would contradict the body we send.
            if (header.Key.Equals("Content-Length", StringComparison.OrdinalIgnoreCase) ||
                header.Key.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            userHost |= header.Key.Equals("Host", StringComparison.OrdinalIgnoreCase);
            userAgent |= header.Key.Equals("User-Agent", StringComparison.OrdinalIgnoreCase);
            userContentType |= header.Key.Equals("Content-Type", StringComparison.OrdinalIgnoreCase);
            userAuthorization |= header.Key.Equals("Authorization", StringComparison.OrdinalIgnoreCase);
            head.Append(header.Key).Append(": ").Append(header.Value).Append("\r\n");
        }
        if (!userHost)
        {
            head.Append("Host: ").Append(target.Authority).Append("\r\n");
        }

        if (!userAuthorization && RequestRules.BasicAuthorization(baseAddress) is { } credentials)
        {
            head.Append("Authorization: ").Append(credentials).Append("\r\n");
        }

        if (!userAgent && defaultUserAgent.Length > 0)
        {
            head.Append("User-Agent: ").Append(defaultUserAgent).Append("\r\n");
        }

        if (!jsonBody.IsEmpty && !userContentType)
        {
            head.Append("Content-Type: application/json\r\n");
        }

        if (!jsonBody.IsEmpty || RequestRules.ExpectsContent(method))
        {
            head.Append("Content-Length: ").Append(jsonBody.Length).Append("\r\n");
        }

        head.Append("\r\n");

        var headText = head.ToString();
        var wire = new byte[Encoding.Latin1.GetByteCount(headText) + jsonBody.Length];
        var headLength = Encoding.Latin1.GetBytes(headText, wire);
        jsonBody.Span.CopyTo(wire.AsSpan(headLength));
        return new Http11PreparedRequest(method, requestTarget, wire);
    }
}
