namespace Modulo.Perf.Engine.Scenarios;

/// <summary>The HTTP version a scenario speaks (<c>"httpVersion"</c>: <c>"1.1"</c> or <c>"2"</c>).</summary>
public enum HttpProtocolVersion
{
    /// <summary>HTTP/1.1, the default: the lean path for <c>http://</c>, HttpClient for <c>https://</c>.</summary>
    Http11,

    /// <summary>
    /// HTTP/2 only, never a silent downgrade: over TLS negotiated by ALPN, over <c>http://</c> with prior knowledge
    /// (h2c). A server that does not speak it fails the request with cause protocol.
    /// </summary>
    Http2,
}
