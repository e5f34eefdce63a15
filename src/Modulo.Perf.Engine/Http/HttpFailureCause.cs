namespace Modulo.Perf.Engine.Http;

/// <summary>Why a request got no usable response; the causes counted in results.json's <c>failures</c>.</summary>
public enum HttpFailureCause
{
    /// <summary>A response arrived (whatever its status).</summary>
    None,
    /// <summary>No complete response within the request timeout.</summary>
    Timeout,
    /// <summary>The server refused the connection (nothing listening).</summary>
    Refused,
    /// <summary>The connection was reset or closed before the response was complete.</summary>
    Reset,
    /// <summary>The server sent something that is not valid HTTP/1.1, or exceeded a header/line limit.</summary>
    Protocol,
    /// <summary>Any other failure (name resolution, TLS, ...).</summary>
    Other,
    /// <summary>The body is longer than <see cref="HttpTransportOptions.MaxResponseBody"/>; the connection is closed.</summary>
    TooLarge,
    /// <summary>
    /// The engine's process was out of file descriptors (EMFILE, ENFILE): no connection could be opened, nothing
    /// was sent. A limit of the load generator, not of the target.
    /// </summary>
    Descriptors,
}
