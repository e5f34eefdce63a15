namespace Modulo.Perf.Engine.Http;

/// <summary>
/// Sends HTTP requests for one virtual user. Not thread-safe: a VU sends one request at a time over its own
/// connection, as k6 does.
/// </summary>
public interface IHttpTransport : IAsyncDisposable
{
    /// <summary>Encodes a request once so a step without variables is sent again and again with no allocation.</summary>
    /// <param name="pathAndQuery">Resolved against the transport's base address, as HttpClient resolves a relative URI.</param>
    /// <param name="jsonBody">Sent with <c>Content-Type: application/json</c> unless the headers name another type; empty for no body.</param>
    PreparedRequest Prepare(string method, string pathAndQuery, IReadOnlyList<KeyValuePair<string, string>> headers, ReadOnlyMemory<byte> jsonBody);

    /// <summary>
    /// Sends and reads the whole response. Never throws for transport failures or timeouts: they come back in the
    /// result. Throws <see cref="OperationCanceledException"/> only when <paramref name="cancellationToken"/> (the run's stop) fires.
    /// </summary>
    ValueTask<HttpExchange> SendAsync(PreparedRequest request, CancellationToken cancellationToken);
}
