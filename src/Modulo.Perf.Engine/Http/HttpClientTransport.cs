using System.Buffers;
using System.Net;
using System.Net.Http.Headers;
using Modulo.Perf.Engine.Scenarios;

namespace Modulo.Perf.Engine.Http;

/// <summary>
/// The path for <c>https://</c>, HTTP/2, proxies and <see cref="HttpTransportOptions.ForceHttpClient"/>:
/// SocketsHttpHandler, with the same timeout, failure causes and body buffering as the lean path. HTTP/1.1 shares
/// a handler per base address (a request in flight holds its connection, so VUs still get one each); HTTP/2 gets
/// a handler per transport, because a shared one would multiplex every VU onto one connection, a load no
/// population of real clients makes.
/// </summary>
internal sealed class HttpClientTransport : IHttpTransport
{
    private static readonly MediaTypeHeaderValue s_json = new("application/json");

    private readonly Uri _baseAddress;
    private readonly HttpMessageInvoker _invoker;
    private readonly RequestDeadline _deadline;
    private readonly int _maxResponseBody;
    private readonly string _userAgent;
    private readonly TlsSettings _tls;
    private readonly Version _version;
    private readonly HttpVersionPolicy _versionPolicy;
    private readonly bool _sharedInvoker;
    private readonly ConnectionTally? _connections;
    private byte[] _body = ArrayPool<byte>.Shared.Rent(16 * 1024);

    public HttpClientTransport(Uri baseAddress, HttpTransportOptions options)
    {
        _baseAddress = baseAddress;
        _tls = options.Tls;
        _connections = options.Connections;
        _sharedInvoker = options.Version == HttpProtocolVersion.Http11;
        _invoker = _sharedInvoker
            ? SharedHttpHandlers.Acquire(baseAddress, _tls, _connections)
            : new HttpMessageInvoker(SharedHttpHandlers.CreateHandler(_tls, _connections), disposeHandler: true);
        // HTTP/1.1 may meet an HTTP/1.0 server, as the lean path does; HTTP/2 is exact: over http:// that means
        // prior knowledge (h2c), over https:// ALPN, and a server without it fails instead of quietly measuring 1.1.
        (_version, _versionPolicy) = options.Version == HttpProtocolVersion.Http2
            ? (HttpVersion.Version20, HttpVersionPolicy.RequestVersionExact)
            : (HttpVersion.Version11, HttpVersionPolicy.RequestVersionOrLower);
        _deadline = new RequestDeadline(options.Timeout);
        _maxResponseBody = options.MaxResponseBody;
        _userAgent = options.UserAgent;
    }

    public PreparedRequest Prepare(string method, string pathAndQuery, IReadOnlyList<KeyValuePair<string, string>> headers, ReadOnlyMemory<byte> jsonBody) =>
        HttpClientPreparedRequest.Create(_baseAddress, method, pathAndQuery, headers, jsonBody, _userAgent);

    public async ValueTask<HttpExchange> SendAsync(PreparedRequest request, CancellationToken cancellationToken)
    {
        var prepared = request as HttpClientPreparedRequest
            ?? throw new ArgumentException("The request was prepared by a different kind of transport.", nameof(request));
        var token = _deadline.Start(cancellationToken);
        try
        {
            using var message = CreateMessage(prepared);
            using var response = await _invoker.SendAsync(message, token).ConfigureAwait(false);
            var length = await BufferBodyAsync(response.Content, token).ConfigureAwait(false);
            return HttpExchange.Response((int)response.StatusCode, _body.AsMemory(0, length), prepared.WireLength, HeadLength(response) + length,
                FollowedHeaders(response));
        }
        catch (OperationCanceledException) when (_deadline.TimedOut)
        {
            return HttpExchange.Failed(HttpFailureCause.Timeout, prepared.WireLength, 0);
        }
        catch (OperationCanceledException)
        {
            throw new OperationCanceledException(cancellationToken);
        }
        catch (HttpTransportFailureException failure)
        {
            return HttpExchange.Failed(failure.Cause, prepared.WireLength, 0);
        }
        catch (Exception failure) when (failure is HttpRequestException or IOException)
        {
            return HttpExchange.Failed(HttpClientFailures.Classify(failure), prepared.WireLength, 0);
        }
        finally
        {
            _deadline.Finish();
        }
    }

    private HttpRequestMessage CreateMessage(HttpClientPreparedRequest prepared)
    {
        var message = new HttpRequestMessage(prepared.HttpMethod, prepared.Target)
        {
            Version = _version,
            VersionPolicy = _versionPolicy,
        };
        if (!prepared.Body.IsEmpty || RequestRules.ExpectsContent(prepared.Method))
        {
            message.Content = new ReadOnlyMemoryContent(prepared.Body);
            if (!prepared.Body.IsEmpty)
            {
                message.Content.Headers.ContentType = s_json;
            }
        }
        foreach (var header in prepared.Headers)
        {
            if (!RequestRules.IsContentHeader(header.Key))
            {
                message.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
            else if (message.Content is not null)
            {
                message.Content.Headers.Remove(header.Key);
                message.Content.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
        }
        return message;
    }

    /// <summary>Reads the whole body into the transport's pooled buffer, growing it as needed up to the limit.</summary>
    /// <exception cref="HttpTransportFailureException">The body is longer than the limit (TooLarge).</exception>
    private async ValueTask<int> BufferBodyAsync(HttpContent content, CancellationToken cancellationToken)
    {
        if (content.Headers.ContentLength > _maxResponseBody)
        {
            throw TooLarge();
        }
        await using var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        var length = 0;
        while (true)
        {
            if (length > _maxResponseBody)
            {
                throw TooLarge();
            }
            if (length == _body.Length)
            {
                // One byte past the limit is room enough to see that the body is too long.
                var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min(_body.Length * 2L, _maxResponseBody + 1L));
                _body.AsSpan(0, length).CopyTo(larger);
                ArrayPool<byte>.Shared.Return(_body);
                _body = larger;
            }
            var read = await stream.ReadAsync(_body.AsMemory(length), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return length;
            }

            length += read;
        }
    }

    private HttpTransportFailureException TooLarge() =>
        new(HttpFailureCause.TooLarge, $"The response body exceeds maxResponseBody ({_maxResponseBody} bytes).");
    /// <summary>Set-Cookie and Location as received, unparsed, as the lean path reads them.</summary>
    private static ResponseHeaders FollowedHeaders(HttpResponseMessage response) => new(
        response.Headers.NonValidated.TryGetValues("Set-Cookie", out var cookies) ? [.. cookies] : null,
        response.Headers.NonValidated.TryGetValues("Location", out var location) ? location.ToString() : null);

    /// <summary>The status line and headers as HTTP/1.1 would carry them; HttpClient does not expose the wire bytes.</summary>
    private static long HeadLength(HttpResponseMessage response)
    {
        long length = "HTTP/1.1 200 \r\n\r\n".Length + (response.ReasonPhrase?.Length ?? 0);
        foreach (var header in response.Headers.NonValidated.Concat(response.Content.Headers.NonValidated))
        {
            length += header.Key.Length + ": \r\n".Length;
            var values = 0;
            foreach (var value in header.Value)
            {
                length += value.Length + (values++ > 0 ? ", ".Length : 0);
            }
        }
        return length;
    }

    public ValueTask DisposeAsync()
    {
        if (_sharedInvoker)
        {
            SharedHttpHandlers.Release(_baseAddress, _tls, _connections);
        }
        else
        {
            _invoker.Dispose();
        }
        _deadline.Dispose();
        ArrayPool<byte>.Shared.Return(_body);
        _body = [];
        return ValueTask.CompletedTask;
    }
}
