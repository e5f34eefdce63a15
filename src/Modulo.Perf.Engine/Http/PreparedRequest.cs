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
}
