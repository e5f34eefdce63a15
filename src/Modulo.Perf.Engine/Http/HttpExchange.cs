namespace Modulo.Perf.Engine.Http;

/// <summary>The outcome of one request: a response (any status) or the cause of its failure.</summary>
public readonly struct HttpExchange
{
    internal HttpExchange(int statusCode, HttpFailureCause failure, ReadOnlyMemory<byte> body, long bytesSent, long bytesReceived, ResponseHeaders headers, int retries)
    {
        StatusCode = statusCode;
        Failure = failure;
        Body = body;
        BytesSent = bytesSent;
        BytesReceived = bytesReceived;
        Headers = headers;
        Retries = retries;
    }

    internal static HttpExchange Response(int statusCode, ReadOnlyMemory<byte> body, long bytesSent, long bytesReceived, ResponseHeaders headers, int retries = 0) =>
        new(statusCode, HttpFailureCause.None, body, bytesSent, bytesReceived, headers, retries);

    internal static HttpExchange Failed(HttpFailureCause cause, long bytesSent, long bytesReceived, int retries = 0) =>
        new(0, cause, ReadOnlyMemory<byte>.Empty, bytesSent, bytesReceived, default, retries);

    /// <summary>The response status; 0 when no response arrived.</summary>
    public int StatusCode { get; }

    /// <summary><see cref="HttpFailureCause.None"/> when a response arrived (any status).</summary>
    public HttpFailureCause Failure { get; }

    /// <summary>The response body; valid until the next <c>SendAsync</c> on the same transport.</summary>
    public ReadOnlyMemory<byte> Body { get; }

    /// <summary>The cookies the response sets and where it redirects to.</summary>
    public ResponseHeaders Headers { get; }

    /// <summary>Request bytes written, including a retried attempt.</summary>
    public long BytesSent { get; }

    /// <summary>Status line, headers and body as on the wire (an estimate on the HttpClient path, which hides the wire).</summary>
    public long BytesReceived { get; }

    /// <summary>How often the request was sent again on a fresh connection (the lean path's retry rule); 0 or 1.</summary>
    public int Retries { get; }
}
