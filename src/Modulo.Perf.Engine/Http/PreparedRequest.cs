namespace Modulo.Perf.Engine.Http;

/// <summary>
/// A request encoded once by <see cref="IHttpTransport.Prepare"/>, ready to be sent many times. Only the transport
/// that prepared it (or another of the same kind) can send it.
/// </summary>
public abstract class PreparedRequest
{
    private protected PreparedRequest(string method, string pathAndQuery)
    {
        Method = method;
        PathAndQuery = pathAndQuery;
    }

    /// <summary>The request method as sent (upper case as given).</summary>
    public string Method { get; }

    /// <summary>The request target as sent: the path and query resolved against the base address.</summary>
    public string PathAndQuery { get; }

    /// <summary>HEAD responses never have a body, whatever their headers say.</summary>
    internal bool IsHead => string.Equals(Method, "HEAD", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// RFC 9110 §9.2.2: sending it twice has the effect of sending it once, so it may be retried when the connection
    /// died under it. POST and PATCH are not: the server may have acted on the first copy.
    /// </summary>
    internal bool IsIdempotent => Method.ToUpperInvariant() is "GET" or "HEAD" or "OPTIONS" or "TRACE" or "PUT" or "DELETE";
}
