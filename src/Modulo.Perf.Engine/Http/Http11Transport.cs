using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Runtime.CompilerServices;

namespace Modulo.Perf.Engine.Http;

/// <summary>
/// The lean path for HTTP/1.1 without a proxy: one keep-alive connection over a raw socket (through an
/// <see cref="SslStream"/> for <c>https://</c>), connected lazily and replaced after the server closes it. A prepared
/// request on a live connection is sent and read without allocating.
/// </summary>
internal sealed class Http11Transport : IHttpTransport
{
    private readonly Uri _baseAddress;
    private readonly EndPoint _endPoint;
    private readonly RequestDeadline _deadline;
    private readonly int _maxResponseBody;
    private readonly SslClientAuthenticationOptions? _tls;
    private readonly ConnectionTally? _connections;
    private Http11Connection? _connection;

    public Http11Transport(Uri baseAddress, HttpTransportOptions options)
    {
        _baseAddress = baseAddress;
        _endPoint = IPAddress.TryParse(baseAddress.IdnHost, out var address)
            ? new IPEndPoint(address, baseAddress.Port)
            : new DnsEndPoint(baseAddress.IdnHost, baseAddress.Port);
        _deadline = new RequestDeadline(options.Timeout);
        _maxResponseBody = options.MaxResponseBody;
        if (baseAddress.Scheme == Uri.UriSchemeHttps)
        {
            _tls = options.Tls.CreateClientOptions(baseAddress.IdnHost);
            _tls.ApplicationProtocols = [SslApplicationProtocol.Http11];
        }

        _connections = options.Connections;
    }

    public PreparedRequest Prepare(string method, string pathAndQuery, IReadOnlyList<KeyValuePair<string, string>> headers, ReadOnlyMemory<byte> jsonBody) =>
        Http11PreparedRequest.Create(_baseAddress, method, pathAndQuery, headers, jsonBody);

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<HttpExchange> SendAsync(PreparedRequest request, CancellationToken cancellationToken)
    {
        var prepared = request as Http11PreparedRequest
            ?? throw new ArgumentException("The request was prepared by a different kind of transport.", nameof(request));
        var token = _deadline.Start(cancellationToken);
        // The previous body lived in this connection's buffer until now.
        if (_connection is { } previous && (!previous.IsReusable || previous.HasUnexpectedBytes))
        {
            CloseConnection();
        }

        long sent = 0;
        var retries = 0;
        try
        {
            while (true)
            {
                var connection = _connection;
                var reused = connection is not null;
                try
                {
                    if (connection is null)
                    {
                        connection = _connection = await Http11Connection.ConnectAsync(_endPoint, _maxResponseBody, _tls, token).ConfigureAwait(false);
                        _connections?.Open();
                    }
                    sent += prepared.Wire.Length;
                    await connection.SendAsync(prepared.Wire, token).ConfigureAwait(false);
                    var response = await connection.ReceiveAsync(prepared.IsHead, token).ConfigureAwait(false);
                    return HttpExchange.Response(response.StatusCode, response.Body, sent, connection.BytesReceived, response.Headers, retries);
                }
                catch (Exception failure) when (failure is not OperationCanceledException)
                {
                    var cause = Classify(failure);
                    var received = connection?.BytesReceived ?? 0;
                    // A server may close an idle keep-alive connection just as we reuse it: retry once on a fresh
                    // connection, but only an idempotent request (the server may have acted on a POST it never
                    // answered) and only when not a byte of the response arrived.
                    var retry = reused && retries == 0 && cause == HttpFailureCause.Reset && !connection!.ResponseStarted && prepared.IsIdempotent;
                    CloseConnection();
                    if (!retry)
                    {
                        return HttpExchange.Failed(cause, sent, received, retries);
                    }
                    retries++;
                }
            }
        }
        catch (OperationCanceledException) when (_deadline.TimedOut)
        {
            // The response may still come: the connection cannot be trusted for the next request.
            var received = _connection?.BytesReceived ?? 0;
            CloseConnection();
            return HttpExchange.Failed(HttpFailureCause.Timeout, sent, received, retries);
        }
        catch (OperationCanceledException)
        {
            CloseConnection();
            throw new OperationCanceledException(cancellationToken);
        }
        finally
        {
            _deadline.Finish();
        }
    }

    private static HttpFailureCause Classify(Exception failure) => failure switch
    {
        HttpTransportFailureException transport => transport.Cause,
        SocketException socket => SocketFailures.Classify(socket.SocketErrorCode),
        // SslStream reports the socket's failures wrapped.
        IOException { InnerException: SocketException socket } => SocketFailures.Classify(socket.SocketErrorCode),
        _ => HttpFailureCause.Other,
    };

    private void CloseConnection()
    {
        if (_connection is { } connection)
        {
            connection.Dispose();
            _connections?.Close();
            _connection = null;
        }
    }

    public ValueTask DisposeAsync()
    {
        CloseConnection();
        _deadline.Dispose();
        return ValueTask.CompletedTask;
    }
}
