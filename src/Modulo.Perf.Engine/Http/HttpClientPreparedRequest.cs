namespace Modulo.Perf.Engine.Http;

/// <summary>A request for the HttpClient path: what a fresh HttpRequestMessage is built from on every send.</summary>
internal sealed class HttpClientPreparedRequest : PreparedRequest
{
    private HttpClientPreparedRequest(HttpMethod httpMethod, Uri target, KeyValuePair<string, string>[] headers, ReadOnlyMemory<byte> body, int wireLength)
        : base(httpMethod.Method, target.PathAndQuery)
    {
        HttpMethod = httpMethod;
        Target = target;
        Headers = headers;
        Body = body;
        WireLength = wireLength;
    }

    public HttpMethod HttpMethod { get; }
    public Uri Target { get; }
    /// <summary>The user's headers, User-Agent included when the user set none.</summary>
    public KeyValuePair<string, string>[] Headers { get; }
    public ReadOnlyMemory<byte> Body { get; }
    /// <summary>The size of this request on the wire in HTTP/1.1, reported as BytesSent (HttpClient does not tell).</summary>
    public int WireLength { get; }

    public static HttpClientPreparedRequest Create(Uri baseAddress, string method, string pathAndQuery,
        IReadOnlyList<KeyValuePair<string, string>> headers, ReadOnlyMemory<byte> jsonBody, string defaultUserAgent)
    {
        // Encoding the HTTP/1.1 form validates exactly as the lean path does and gives the wire length.
        var wire = Http11PreparedRequest.Create(baseAddress, method, pathAndQuery, headers, jsonBody, defaultUserAgent);
        var target = RequestRules.ResolveTarget(baseAddress, pathAndQuery);
        var sent = headers.Where(h => !h.Key.Equals("Content-Length", StringComparison.OrdinalIgnoreCase) &&
                                      !h.Key.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase)).ToList();
        if (defaultUserAgent.Length > 0 && !sent.Any(h => h.Key.Equals("User-Agent", StringComparison.OrdinalIgnoreCase)))
        {
            sent.Add(new("User-Agent", defaultUserAgent));
        }
        if (!sent.Any(h => h.Key.Equals("Authorization", StringComparison.OrdinalIgnoreCase)) && RequestRules.BasicAuthorization(baseAddress) is { } credentials)
        {
            sent.Add(new("Authorization", credentials));
        }

        return new HttpClientPreparedRequest(new HttpMethod(wire.Method), target, [.. sent], jsonBody.ToArray(), wire.Wire.Length);
    }
}
