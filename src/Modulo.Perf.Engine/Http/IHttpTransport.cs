namespace Modulo.Perf.Engine.Http;

/// <summary>One per virtual user; not thread-safe; a VU sends one request at a time (like k6: one connection per VU).</summary>
public interface IHttpTransport : IAsyncDisposable
{
    /// <summary>Encodes a request once so a step without variables is sent again and again with no allocation.</summary>
    PreparedRequest Prepare(string method, string pathAndQuery, IReadOnlyList<KeyValuePair<string, string>> headers, ReadOnlyMemory<byte> jsonBody);

    /// <summary>
    /// Sends and reads the whole response. Never throws for transport failures or timeouts: they come back in
    /// the result. Throws <see cref="OperationCanceledException"/> only when the run's stop token fires.
    /// </summary>
    ValueTask<HttpExchange> SendAsync(PreparedRequest request, CancellationToken cancellationToken);
}
