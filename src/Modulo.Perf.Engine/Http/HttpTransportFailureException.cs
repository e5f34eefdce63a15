namespace Modulo.Perf.Engine.Http;

/// <summary>Raised inside the lean transport when a response cannot be read; never escapes <c>SendAsync</c>.</summary>
internal sealed class HttpTransportFailureException(HttpFailureCause cause, string message) : Exception(message)
{
    public HttpFailureCause Cause { get; } = cause;

    public static HttpTransportFailureException Protocol(string message) => new(HttpFailureCause.Protocol, message);

    public static HttpTransportFailureException ResponseEnded() =>
        new(HttpFailureCause.Reset, "The server closed the connection before the response was complete.");
}
