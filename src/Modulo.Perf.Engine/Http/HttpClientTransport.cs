using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;

namespace Modulo.Perf.Engine.Http;

/// <summary>The HttpClient path: TLS, HTTP/2 and proxies, at the price of allocations per request.</summary>
internal sealed class HttpClientTransport(HttpClient client, TimeSpan timeout) : IHttpTransport
{
    private sealed class ClientRequest(string method, string pathAndQuery, IReadOnlyList<KeyValuePair<string, string>> headers, byte[] body)
        : PreparedRequest(method, pathAndQuery)
    {
        public IReadOnlyList<KeyValuePair<string, string>> Headers { get; } = headers;
        public byte[] Body { get; } = body;
    }

    public PreparedRequest Prepare(string method, string pathAndQuery, IReadOnlyList<KeyValuePair<string, string>> headers, ReadOnlyMemory<byte> jsonBody) =>
        new ClientRequest(method, pathAndQuery, headers, jsonBody.ToArray());

    public async ValueTask<HttpExchange> SendAsync(PreparedRequest request, CancellationToken cancellationToken)
    {
        var prepared = (ClientRequest)request;
        using var message = new HttpRequestMessage(new HttpMethod(prepared.Method), prepared.PathAndQuery);
        foreach (var (name, value) in prepared.Headers)
        {
            message.Headers.TryAddWithoutValidation(name, value);
        }
        if (prepared.Body.Length > 0)
        {
            message.Content = new ByteArrayContent(prepared.Body);
            message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        try
        {
            using var response = await client.SendAsync(message, HttpCompletionOption.ResponseContentRead, timeoutSource.Token).ConfigureAwait(false);
            var body = await response.Content.ReadAsByteArrayAsync(timeoutSource.Token).ConfigureAwait(false);
            var sent = prepared.PathAndQuery.Length + prepared.Body.Length + 64;
            return new HttpExchange((int)response.StatusCode, HttpFailureCause.None, body, sent, body.Length + 128);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return HttpExchange.Failed(HttpFailureCause.Timeout);
        }
        catch (HttpRequestException ex)
        {
            return HttpExchange.Failed(Classify(ex));
        }
    }

    private static HttpFailureCause Classify(HttpRequestException ex) => ex.InnerException switch
    {
        SocketException { SocketErrorCode: SocketError.ConnectionRefused } => HttpFailureCause.Refused,
        SocketException or IOException => HttpFailureCause.Reset,
        _ when ex.HttpRequestError == HttpRequestError.ConnectionError => HttpFailureCause.Refused,
        _ when ex.HttpRequestError is HttpRequestError.InvalidResponse or HttpRequestError.ResponseEnded => HttpFailureCause.Protocol,
        _ => HttpFailureCause.Other,
    };

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    internal static HttpClient CreateClient(Uri baseAddress) => new(new SocketsHttpHandler
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(10),
        MaxConnectionsPerServer = int.MaxValue,
        AutomaticDecompression = DecompressionMethods.None,
        UseCookies = false,
    })
    {
        BaseAddress = baseAddress,
        Timeout = Timeout.InfiniteTimeSpan,
    };
}
