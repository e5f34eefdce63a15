using System.Buffers;
using System.Buffers.Text;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using Modulo.Perf.Engine.Sockets;

namespace Modulo.Perf.Engine.Http;

/// <summary>
/// One keep-alive HTTP/1.1 connection: writes prepared requests and reads responses into a pooled receive buffer
/// that grows for large bodies. Positions are indices into that buffer, so growing it never invalidates them.
/// For <c>https://</c> the bytes go through an <see cref="SslStream"/> over the socket.
/// </summary>
internal sealed class Http11Connection : IDisposable
{
    /// <summary>
    /// Limit for everything of one response that is not body: interim 1xx heads, the status line and headers, and
    /// trailers together; also for one chunk-size line. Beyond it, Protocol: a server sending endless heads or
    /// trailers costs 64 KiB, never the VU's memory.
    /// </summary>
    public const int MaxHeadLength = 64 * 1024;

    private const int InitialBufferLength = 16 * 1024;

    private readonly EndPoint _endPoint;
    private readonly int _maxBodyLength;
    // Plain http on Linux x86-64 goes through the engine's own socket loop; https and other platforms through
    // .NET's sockets (and an SslStream over them). Exactly one of the two is set once connected.
    private readonly Socket? _socket;
    private EpollSocket? _epoll;
    private SslStream? _tls;
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(InitialBufferLength);
    private int _end;
    private bool _reusable = true;
    private volatile bool _aborted;
    // Set while connecting, so that Abort also ends a name resolution, which closing the socket does not.
    private volatile CancellationTokenSource? _connecting;

    /// <summary>An unconnected connection to <paramref name="endPoint"/>; <see cref="ConnectAsync"/> connects it.</summary>
    /// <param name="maxBodyLength">Longest body kept; a longer one fails the request with <see cref="HttpFailureCause.TooLarge"/>.</param>
    /// <param name="tls">Whether it will speak TLS (https), which only .NET's sockets carry.</param>
    public Http11Connection(EndPoint endPoint, int maxBodyLength, bool tls)
    {
        if (tls || !EpollLoop.IsSupported)
        {
            _socket = TcpTarget.CreateSocket(endPoint);
        }
        _endPoint = endPoint;
        _maxBodyLength = maxBodyLength;
    }

    /// <summary>
    /// False once a response said the connection ends with it (or framing could not be trusted), or once the
    /// connection was aborted.
    /// </summary>
    public bool IsReusable => _reusable && !_aborted;

    /// <summary>
    /// True when bytes arrived after the last response ended: more body than it announced, arriving late. They
    /// belong to no request, so the connection must not carry the next one (it would read them as its response).
    /// Only asked of a reusable connection, whose socket is open.
    /// </summary>
    public bool HasUnexpectedBytes
    {
        get
        {
            // Over TLS, bytes waiting on the socket may be records that are no data (a TLS 1.3 session ticket), so
            // they prove nothing; late surplus data is then read as the next response's start and fails it (protocol).
            if (_tls is not null)
            {
                return false;
            }
            try
            {
                return (_epoll?.Available ?? _socket!.Available) > 0;
            }
            catch (SocketException)
            {
                // A socket in error cannot be trusted with the next request either.
                return true;
            }
        }
    }

    /// <summary>Whether any byte of the current response has arrived (a failure before that may be retried).</summary>
    public bool ResponseStarted => BytesReceived > 0;

    /// <summary>Bytes received for the current response, interim 1xx responses and chunk framing included.</summary>
    public long BytesReceived { get; private set; }

    /// <summary>Connects and, for https, does the TLS handshake; no timeout of its own (see <see cref="Abort"/>).</summary>
    /// <param name="tls">For https: the handshake's options (target host, trust, client certificate); null for http.</param>
    public async ValueTask ConnectAsync(SslClientAuthenticationOptions? tls)
    {
        var connecting = _connecting = new CancellationTokenSource();
        // Abort writes _aborted and then reads _connecting: with a fence on both sides, one of the two sees the other.
        Interlocked.MemoryBarrier();
        if (_aborted)
        {
            connecting.Cancel();
        }
        try
        {
            if (_socket is null)
            {
                _epoll = await EpollSocket.ConnectAsync(_endPoint, connecting.Token).ConfigureAwait(false);
                // Abort writes _aborted before it reads _epoll: with a fence between, one of the two sees the other.
                Interlocked.MemoryBarrier();
                if (_aborted)
                {
                    _epoll.Abort();
                }
                return;
            }
            await _socket.ConnectAsync(_endPoint, connecting.Token).ConfigureAwait(false);
            if (tls is not null)
            {
                _tls = new SslStream(new NetworkStream(_socket, ownsSocket: false));
                await _tls.AuthenticateAsClientAsync(tls, connecting.Token).ConfigureAwait(false);
            }
        }
        finally
        {
            // Not disposed: Abort may be cancelling it on another thread; it holds no timer, so the GC takes it.
            _connecting = null;
        }
    }

    /// <summary>
    /// Ends the connection from another thread (the request watchdog): the pending connect, send or receive fails at
    /// once. The buffer is left alone, as the request's own thread may still be reading into it; Dispose returns it.
    /// </summary>
    public void Abort()
    {
        _aborted = true;
        Interlocked.MemoryBarrier();
        _connecting?.Cancel();
        _socket?.Dispose();
        _epoll?.Abort();
    }

    /// <summary>Sends a whole request; on the socket loop without an async method, as a send there rarely waits.</summary>
    public ValueTask SendAsync(ReadOnlyMemory<byte> request)
    {
        BytesReceived = 0;
        return _epoll?.SendAsync(request) ?? SendThroughDotnetAsync(request);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask SendThroughDotnetAsync(ReadOnlyMemory<byte> request)
    {
        if (_tls is not null)
        {
            await _tls.WriteAsync(request).ConfigureAwait(false);
            return;
        }
        while (!request.IsEmpty)
        {
            var sent = await _socket!.SendAsync(request, SocketFlags.None).ConfigureAwait(false);
            request = request[sent..];
        }
    }

    /// <summary>Reads one whole response (skipping 1xx interim responses).</summary>
    /// <exception cref="HttpTransportFailureException">Garbage, a limit exceeded, or the connection ended early.</exception>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<Http11Response> ReceiveAsync(bool headRequest)
    {
        // The previous response left nothing behind (see the end of this method), so every response starts at 0.
        _end = 0;
        // A small response arrives whole in one receive, awaited here rather than three methods down: the parsing
        // below then completes synchronously, and only this state machine waits (and is resumed) per response.
        if (!AddReceived(await ReceiveIntoBufferAsync().ConfigureAwait(false)))
        {
            throw HttpTransportFailureException.ResponseEnded();
        }
        var headBudget = MaxHeadLength;
        while (true)
        {
            var headEnd = await ReadHeadAsync(headBudget).ConfigureAwait(false);
            var head = Http11ResponseHead.Parse(_buffer.AsSpan(0, headEnd));
            // The blank line that ends the head is CRLF or, tolerated like a bare LF anywhere in the head, LF.
            var bodyStart = headEnd + (_buffer[headEnd + 1] == '\r' ? 3 : 2);
            headBudget -= bodyStart;
            if (head.StatusCode is >= 100 and < 200)
            {
                if (head.StatusCode == 101)
                {
                    throw HttpTransportFailureException.Protocol("The server switched protocols, which was not asked for.");
                }

                // Dropped, so the next head starts at 0 again and interim heads never grow the buffer.
                _buffer.AsSpan(bodyStart, _end - bodyStart).CopyTo(_buffer);
                _end -= bodyStart;
                continue;
            }

            var keepAlive = head.KeepAlive;
            int bodyEnd;
            if (headRequest || head.StatusCode is 204 or 304)
            {
                bodyEnd = bodyStart;
            }
            else if (head.Chunked)
            {
                bodyEnd = await ReadChunkedBodyAsync(bodyStart, headBudget).ConfigureAwait(false);
            }
            else if (head.ContentLength >= 0)
            {
                bodyEnd = await ReadFixedBodyAsync(bodyStart, head.ContentLength).ConfigureAwait(false);
            }
            else
            {
                bodyEnd = await ReadToEndAsync(bodyStart).ConfigureAwait(false);
                keepAlive = false;
            }

            // Bytes beyond the framed response belong to no request we sent: the stream cannot be trusted any more.
            if (!keepAlive || _end != bodyEnd)
            {
                // Closed now so the server sees it at once; the buffer stays, as the body lives in it until the next send.
                _reusable = false;
                _socket?.Dispose();
                _epoll?.Dispose();
            }
            return new Http11Response(head.StatusCode, _buffer.AsMemory(bodyStart, bodyEnd - bodyStart), head.Headers);
        }
    }

    /// <summary>Receives until the blank line that ends the head starting at 0; returns the index of the line feed before it.</summary>
    /// <param name="budget">What is left of <see cref="MaxHeadLength"/> after the interim heads before this one.</param>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<int> ReadHeadAsync(int budget)
    {
        const int start = 0;
        var searchFrom = start;
        while (true)
        {
            var received = _buffer.AsSpan(start, _end - start);
            if (!Http11ResponseHead.CouldStartResponse(received))
            {
                throw HttpTransportFailureException.Protocol("The response does not start with an HTTP/1.x status line.");
            }

            // "\n\r\n" ends a CRLF head; "\n\n", sought only before it so a body is never scanned, a bare-LF one.
            var window = _buffer.AsSpan(searchFrom, _end - searchFrom);
            var crlf = window.IndexOf("\n\r\n"u8);
            var lf = (crlf < 0 ? window : window[..crlf]).IndexOf("\n\n"u8);
            var found = lf >= 0 ? lf : crlf;
            if (found >= 0)
            {
                return searchFrom + found;
            }

            if (received.Length >= budget)
            {
                throw HttpTransportFailureException.Protocol($"The response head (interim 1xx responses included) exceeds {MaxHeadLength / 1024} KiB.");
            }
            // The terminator may straddle two receives.
            searchFrom = Math.Max(start, _end - 3);
            await ReceiveMoreAsync(start + budget + 4).ConfigureAwait(false);
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<int> ReadFixedBodyAsync(int bodyStart, long contentLength)
    {
        if (contentLength > _maxBodyLength)
        {
            throw TooLarge($"Content-Length {contentLength}");
        }

        var needed = bodyStart + contentLength;
        EnsureCapacity((int)needed);
        while (_end < needed)
        {
            await ReceiveMoreAsync((int)needed).ConfigureAwait(false);
        }

        return (int)needed;
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<int> ReadToEndAsync(int bodyStart)
    {
        // One byte past the limit is room enough to see that the body is too long.
        var limit = bodyStart + _maxBodyLength + 1;
        while (await TryReceiveAsync(limit).ConfigureAwait(false))
        {
            if (_end - bodyStart > _maxBodyLength)
            {
                throw TooLarge("the body, delimited by the end of the connection,");
            }
        }
        return _end;
    }

    private HttpTransportFailureException TooLarge(string what) =>
        new(HttpFailureCause.TooLarge, $"The response is longer than maxResponseBody: {what} exceeds {_maxBodyLength} bytes.");

    /// <summary>
    /// Decodes a chunked body in place: each chunk's data is moved down to follow the previous chunk's, so the body
    /// ends up contiguous from <paramref name="bodyStart"/>. Chunk extensions and trailers are read and ignored; the
    /// trailers count against <paramref name="headBudget"/>, what the heads left of <see cref="MaxHeadLength"/>.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<int> ReadChunkedBodyAsync(int bodyStart, int headBudget)
    {
        var bodyEnd = bodyStart;
        var position = bodyStart;
        while (true)
        {
            // Everything received is decoded: let the next receive land straight after the body. Framing that piles
            // up undecoded (tiny chunks with long extensions) is moved down too, so it cannot grow the buffer.
            if (position == _end || position - bodyEnd > MaxHeadLength)
            {
                _buffer.AsSpan(position, _end - position).CopyTo(_buffer.AsSpan(bodyEnd));
                _end = bodyEnd + (_end - position);
                position = bodyEnd;
            }

            var (lineEnd, next) = await ReadLineAsync(position).ConfigureAwait(false);
            var chunkLength = ParseChunkSize(_buffer.AsSpan(position, lineEnd - position));
            position = next;
            if (chunkLength == 0)
            {
                break;
            }

            if (bodyEnd - bodyStart + chunkLength > _maxBodyLength)
            {
                throw TooLarge("the chunked body");
            }

            var remaining = chunkLength;
            while (true)
            {
                var available = (int)Math.Min(remaining, _end - position);
                _buffer.AsSpan(position, available).CopyTo(_buffer.AsSpan(bodyEnd));
                bodyEnd += available;
                position += available;
                remaining -= available;
                if (remaining == 0)
                {
                    break;
                }

                _end = position = bodyEnd;
                EnsureCapacity((int)Math.Min(Array.MaxLength, bodyEnd + remaining + 2));
                await ReceiveMoreAsync(Array.MaxLength).ConfigureAwait(false);
            }

            (lineEnd, next) = await ReadLineAsync(position).ConfigureAwait(false);
            if (lineEnd != position)
            {
                throw HttpTransportFailureException.Protocol("Chunk data is not followed by CRLF.");
            }

            position = next;
        }

        // Trailer fields, then the blank line that ends the message.
        var trailersStart = position;
        while (true)
        {
            var (lineEnd, next) = await ReadLineAsync(position).ConfigureAwait(false);
            var blank = lineEnd == position;
            position = next;
            if (blank)
            {
                break;
            }
            if (position - trailersStart > headBudget)
            {
                throw HttpTransportFailureException.Protocol($"The response's heads and trailers exceed {MaxHeadLength / 1024} KiB.");
            }
        }
        // Keep-alive requires the buffer to end exactly at the message end; the body sits at [bodyStart, bodyEnd).
        if (_end == position)
        {
            _end = bodyEnd;
        }

        return bodyEnd;
    }

    /// <summary>
    /// Finds the end of the line at <paramref name="position"/> (CRLF, or a bare LF), receiving more while needed;
    /// returns where its content ends and where the next line starts. A line already received (every chunk line of
    /// a small response) is found without starting an async method: four per chunked response.
    /// </summary>
    private ValueTask<(int ContentEnd, int Next)> ReadLineAsync(int position) =>
        FindLine(position) is { } line ? new(line) : ReceiveLineAsync(position);

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<(int ContentEnd, int Next)> ReceiveLineAsync(int position)
    {
        while (true)
        {
            if (_end - position >= MaxHeadLength)
            {
                throw HttpTransportFailureException.Protocol($"A chunk line exceeds {MaxHeadLength / 1024} KiB.");
            }

            await ReceiveMoreAsync(position + MaxHeadLength + 2).ConfigureAwait(false);
            if (FindLine(position) is { } line)
            {
                return line;
            }
        }
    }

    /// <summary>The line at <paramref name="position"/> if all of it has been received.</summary>
    private (int ContentEnd, int Next)? FindLine(int position)
    {
        var found = _buffer.AsSpan(position, _end - position).IndexOf((byte)'\n');
        if (found < 0)
        {
            return null;
        }
        var lineFeed = position + found;
        return (lineFeed > position && _buffer[lineFeed - 1] == '\r' ? lineFeed - 1 : lineFeed, lineFeed + 1);
    }

    private static long ParseChunkSize(ReadOnlySpan<byte> line)
    {
        var extension = line.IndexOf((byte)';');
        var size = OptionalWhitespace.Trim(extension < 0 ? line : line[..extension]);
        if (size.IsEmpty || size.Length > 15 || !Utf8Parser.TryParse(size, out long length, out var used, 'x') || used != size.Length)
        {
            throw HttpTransportFailureException.Protocol("Invalid chunk size line.");
        }

        return length;
    }

    /// <summary>Receives at least one byte into the buffer (grown up to <paramref name="limit"/>); EOF ends the response early.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask ReceiveMoreAsync(int limit)
    {
        if (!await TryReceiveAsync(limit).ConfigureAwait(false))
        {
            throw HttpTransportFailureException.ResponseEnded();
        }
    }

    /// <summary>Receives what is available; false at EOF. No cancellation token: the watchdog aborts the socket instead.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<bool> TryReceiveAsync(int limit)
    {
        if (_end == _buffer.Length)
        {
            EnsureCapacity((int)Math.Min(limit, (long)_buffer.Length * 2));
        }

        return AddReceived(await ReceiveIntoBufferAsync().ConfigureAwait(false));
    }

    /// <summary>One receive into the buffer's free space after <see cref="_end"/>.</summary>
    private ValueTask<int> ReceiveIntoBufferAsync() =>
        _epoll?.ReceiveAsync(_buffer.AsMemory(_end))
        ?? _tls?.ReadAsync(_buffer.AsMemory(_end))
        ?? _socket!.ReceiveAsync(_buffer.AsMemory(_end), SocketFlags.None);

    /// <summary>Counts what a receive brought; false at EOF.</summary>
    private bool AddReceived(int received)
    {
        _end += received;
        BytesReceived += received;
        return received > 0;
    }

    private void EnsureCapacity(int length)
    {
        if (length <= _buffer.Length)
        {
            return;
        }

        var larger = ArrayPool<byte>.Shared.Rent(length);
        _buffer.AsSpan(0, _end).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = larger;
    }

    public void Dispose()
    {
        _tls?.Dispose();
        _socket?.Dispose();
        _epoll?.Dispose();
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }
}
