namespace Modulo.Perf.Engine.Http;

/// <summary>Why a request got no response.</summary>
public enum HttpFailureCause { None, Timeout, Refused, Reset, Protocol, Other }

/// <summary>The outcome of one request.</summary>
public readonly struct HttpExchange(int statusCode, HttpFailureCause failure, ReadOnlyMemory<byte> body, long bytesSent, long bytesReceived)
{
    /// <summary>0 when no response arrived.</summary>
    public int StatusCode { get; } = statusCode;
    /// <summary>None when a response arrived, whatever its status.</summary>
    public HttpFailureCause Failure { get; } = failure;
    /// <summary>Valid until the next SendAsync on the same transport.</summary>
    public ReadOnlyMemory<byte> Body { get; } = body;
    public long BytesSent { get; } = bytesSent;
    public long BytesReceived { get; } = bytesReceived;

    public static HttpExchange Failed(HttpFailureCause cause) => new(0, cause, default, 0, 0);
}
