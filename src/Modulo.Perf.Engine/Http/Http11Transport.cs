using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using Modulo.Perf.Engine.Sockets;

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
    private readonly RequestWatch _watch;
    private readonly int _maxResponseBody;
    private readonly string _userAgent;
    private readonly SslClientAuthenticationOptions? _tls;
    private readonly ConnectionTally? _connections;
    private Http11Connection? _connection;

    public Http11Transport(Uri baseAddress, HttpTransportOptions options)
    {
        _baseAddress = baseAddress;
        _endPoint = TcpTarget.EndPointOf(baseAddress);
        _watch = new RequestWatch(options.Timeout);
        _maxResponseBody = options.MaxResponseBody;
        _userAgent = options.UserAgent;
        if (baseAddress.Scheme == Uri.UriSchemeHttps)
        {
            _tls = options.Tls.CreateClientOptions(baseAddress.IdnHost);
            _tls.ApplicationProtocols = [SslApplicationProtocol.Http11];
        }

        _connections = options.Connections;
    }

    public PreparedRequest Prepare(string method, string pathAndQuery, IReadOnlyList<KeyValuePair<string, string>> headers, ReadOnlyMemory<byte> jsonBody) =>
        Http11PreparedRequest.Create(_baseAddress, method, pathAndQuery, headers, jsonBody, _userAgent);

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<HttpExchange> SendAsync(PreparedRequest request, CancellationToken cancellationToken)
    {
        var prepared = request as Http11PreparedRequest
            ?? throw new ArgumentException("The request was prepared by a different kind of transport.", nameof(request));
        // The previous body lived in this connection's buffer until now. Late bytes are looked for (a system call)
        // only after the connection sat idle: back-to-back requests leave them no time to arrive unnoticed anyway.
        if (_connection is { } previous && (!previous.IsReusable || (_watch.IdleSinceLastRequest && previous.HasUnexpectedBytes)))
        {
            CloseConnection();
        }

        _watch.Start(cancellationToken);
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
                    connection ??= await ConnectAsync().ConfigureAwait(false);
                    sent += prepared.Wire.Length;
                    await connection.SendAsync(prepared.Wire).ConfigureAwait(false);
                    var response = await connection.ReceiveAsync(prepared.IsHead).ConfigureAwait(false);
                    return HttpExchange.Response(response.StatusCode, response.Body, sent, connection.BytesReceived, response.Headers, retries);
                }
                catch (Exception failure) when (!_watch.Aborted)
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
        catch (Exception) when (_watch.Aborted)
        {
            // The watchdog closed the socket: past the deadline, or the run stopped. A late response must not be
            // read as the next request's, so the connection goes either way.
            var received = _connection?.BytesReceived ?? 0;
            CloseConnection();
            if (cancellationToken.IsCancellationRequested)
            {
                throw new OperationCanceledException(cancellationToken);
            }
            return HttpExchange.Failed(HttpFailureCause.Timeout, sent, received, retries);
        }
        finally
        {
            _watch.Finish();
        }
    }

    /// <summary>Opens the connection for this and the following requests, under the watchdog's eye from the start.</summary>
    private async ValueTask<Http11Connection> ConnectAsync()
    {
        var connection = new Http11Connection(_endPoint, _maxResponseBody, tls: _tls is not null);
        _watch.Watch(connection);
        try
        {
            await connection.ConnectAsync(_tls).ConfigureAwait(false);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
        _connection = connection;
        _connections?.Open();
        return connection;
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
        _watch.Dispose();
        return ValueTask.CompletedTask;
    }
}
