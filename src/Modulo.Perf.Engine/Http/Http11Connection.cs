using System.Buffers;
using System.Buffers.Text;
using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;

namespace Modulo.Perf.Engine.Http;

/// <summary>
/// One keep-alive HTTP/1.1 connection: writes prepared requests and reads responses into a pooled receive buffer
/// that grows for large bodies. Positions are indices into that buffer, so growing it never invalidates them.
/// </summary>
internal sealed class Http11Connection : IDisposable
{
    /// <summary>Limit for the status line plus headers, and for one chunk-size or trailer line: beyond it, Protocol.</summary>
    public const int MaxHeadLength = 64 * 1024;

    private const int InitialBufferLength = 16 * 1024;

    private readonly Socket _socket;
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(InitialBufferLength);
    private int _end;

    private Http11Connection(Socket socket) => _socket = socket;

    /// <summary>False once a response said the connection ends with it (or framing could not be trusted).</summary>
    public bool IsReusable { get; private set; } = true;

    /// <summary>Whether any byte of the current response has arrived (a failure before that may be retried).</summary>
    public bool ResponseStarted => BytesReceived > 0;

    /// <summary>Bytes received for the current response, interim 1xx responses and chunk framing included.</summary>
    public long BytesReceived { get; private set; }

    public static async ValueTask<Http11Connection> ConnectAsync(EndPoint endPoint, CancellationToken cancellationToken)
    {
        var socket = endPoint is IPEndPoint ip ? new Socket(ip.AddressFamily, SocketType.Stream, ProtocolType.Tcp)
                                               : new Socket(SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.NoDelay = true;
            await socket.ConnectAsync(endPoint, cancellationToken).ConfigureAwait(false);
            return new Http11Connection(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public async ValueTask SendAsync(ReadOnlyMemory<byte> request, CancellationToken cancellationToken)
    {
        BytesReceived = 0;
        while (!request.IsEmpty)
        {
            var sent = await _socket.SendAsync(request, SocketFlags.None, cancellationToken).ConfigureAwait(false);
            request = request[sent..];
        }
    }

    /// <summary>Reads one whole response (skipping 1xx interim responses).</summary>
    /// <exception cref="HttpTransportFailureException">Garbage, a limit exceeded, or the connection ended early.</exception>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<Http11Response> ReceiveAsync(bool headRequest, CancellationToken cancellationToken)
    {
        // The previous response left nothing behind (see the end of this method), so every response starts at 0.
        _end = 0;
        var start = 0;
        while (true)
        {
            var headEnd = await ReadHeadAsync(start, cancellationToken).ConfigureAwait(false);
            var head = Http11ResponseHead.Parse(_buffer.AsSpan(start, headEnd - start));
            var bodyStart = headEnd + 4;
            if (head.StatusCode is >= 100 and < 200)
            {
                if (head.StatusCode == 101)
                {
                    throw HttpTransportFailureException.Protocol("The server switched protocols, which was not asked for.");
                }

                start = bodyStart;
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
                bodyEnd = await ReadChunkedBodyAsync(bodyStart, cancellationToken).ConfigureAwait(false);
            }
            else if (head.ContentLength >= 0)
            {
                bodyEnd = await ReadFixedBodyAsync(bodyStart, head.ContentLength, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                bodyEnd = await ReadToEndAsync(cancellationToken).ConfigureAwait(false);
                keepAlive = false;
            }

            // Bytes beyond the framed response belong to no request we sent: the stream cannot be trusted any more.
            if (!keepAlive || _end != bodyEnd)
            {
                // Closed now so the server sees it at once; the buffer stays, as the body lives in it until the next send.
                IsReusable = false;
                _socket.Dispose();
            }
            return new Http11Response(head.StatusCode, _buffer.AsMemory(bodyStart, bodyEnd - bodyStart), head.Headers);
        }
    }

    /// <summary>Receives until the blank line that ends the head starting at <paramref name="start"/>; returns its index.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<int> ReadHeadAsync(int start, CancellationToken cancellationToken)
    {
        var searchFrom = start;
        while (true)
        {
            var received = _buffer.AsSpan(start, _end - start);
            if (!Http11ResponseHead.CouldStartResponse(received))
            {
                throw HttpTransportFailureException.Protocol("The response does not start with an HTTP/1.x status line.");
            }

            var found = _buffer.AsSpan(searchFrom, _end - searchFrom).IndexOf("\r\n\r\n"u8);
            if (found >= 0)
            {
                return searchFrom + found;
            }

            if (received.Length >= MaxHeadLength)
            {
                throw HttpTransportFailureException.Protocol($"The response head exceeds {MaxHeadLength / 1024} KiB.");
            }
            // The terminator may straddle two receives.
            searchFrom = Math.Max(start, _end - 3);
            await ReceiveMoreAsync(start + MaxHeadLength + 4, cancellationToken).ConfigureAwait(false);
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<int> ReadFixedBodyAsync(int bodyStart, long contentLength, CancellationToken cancellationToken)
    {
        var needed = bodyStart + contentLength;
        if (needed > Array.MaxLength)
        {
            throw new HttpTransportFailureException(HttpFailureCause.Other, $"A {contentLength}-byte body is too large to buffer.");
        }

        EnsureCapacity((int)needed);
        while (_end < needed)
        {
            await ReceiveMoreAsync((int)needed, cancellationToken).ConfigureAwait(false);
        }

        return (int)needed;
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<int> ReadToEndAsync(CancellationToken cancellationToken)
    {
        while (await TryReceiveAsync(Array.MaxLength, cancellationToken).ConfigureAwait(false))
        {
        }
        return _end;
    }

    /// <summary>
    /// Decodes a chunked body in place: each chunk's data is moved down to follow the previous chunk's, so the body
    /// ends up contiguous from <paramref name="bodyStart"/>. Chunk extensions and trailers are read and ignored.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<int> ReadChunkedBodyAsync(int bodyStart, CancellationToken cancellationToken)
    {
        var bodyEnd = bodyStart;
        var position = bodyStart;
        while (true)
        {
            // Everything received is decoded: let the next receive land straight after the body.
            if (position == _end)
            {
                _end = position = bodyEnd;
            }

            var lineEnd = await ReadLineAsync(position, cancellationToken).ConfigureAwait(false);
            var chunkLength = ParseChunkSize(_buffer.AsSpan(position, lineEnd - position));
            position = lineEnd + 2;
            if (chunkLength == 0)
            {
                break;
            }

            if (bodyEnd + chunkLength > Array.MaxLength - MaxHeadLength)
            {
                throw new HttpTransportFailureException(HttpFailureCause.Other, "The chunked body is too large to buffer.");
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
                await ReceiveMoreAsync(Array.MaxLength, cancellationToken).ConfigureAwait(false);
            }

            lineEnd = await ReadLineAsync(position, cancellationToken).ConfigureAwait(false);
            if (lineEnd != position)
            {
                throw HttpTransportFailureException.Protocol("Chunk data is not followed by CRLF.");
            }

            position = lineEnd + 2;
        }

        // Trailer fields, then the blank line that ends the message.
        while (true)
        {
            var lineEnd = await ReadLineAsync(position, cancellationToken).ConfigureAwait(false);
            var blank = lineEnd == position;
            position = lineEnd + 2;
            if (blank)
            {
                break;
            }
        }
        // Keep-alive requires the buffer to end exactly at the message end; the body sits at [bodyStart, bodyEnd).
        if (_end == position)
        {
            _end = bodyEnd;
        }

        return bodyEnd;
    }

    /// <summary>Finds the CRLF ending the line at <paramref name="position"/>, receiving more while needed.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<int> ReadLineAsync(int position, CancellationToken cancellationToken)
    {
        while (true)
        {
            var found = _buffer.AsSpan(position, _end - position).IndexOf("\r\n"u8);
            if (found >= 0)
            {
                return position + found;
            }

            if (_end - position >= MaxHeadLength)
            {
                throw HttpTransportFailureException.Protocol($"A chunk line exceeds {MaxHeadLength / 1024} KiB.");
            }

            await ReceiveMoreAsync(position + MaxHeadLength + 2, cancellationToken).ConfigureAwait(false);
        }
    }

    private static long ParseChunkSize(ReadOnlySpan<byte> line)
    {
        var extension = line.IndexOf((byte)';');
        var size = (extension < 0 ? line : line[..extension]).Trim(" \t"u8);
        if (size.IsEmpty || size.Length > 15 || !Utf8Parser.TryParse(size, out long length, out var used, 'x') || used != size.Length)
        {
            throw HttpTransportFailureException.Protocol("Invalid chunk size line.");
        }

        return length;
    }

    /// <summary>Receives at least one byte into the buffer (grown up to <paramref name="limit"/>); EOF ends the response early.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask ReceiveMoreAsync(int limit, CancellationToken cancellationToken)
    {
        if (!await TryReceiveAsync(limit, cancellationToken).ConfigureAwait(false))
        {
            throw HttpTransportFailureException.ResponseEnded();
        }
    }

    /// <summary>Receives what is available; false at EOF.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<bool> TryReceiveAsync(int limit, CancellationToken cancellationToken)
    {
        if (_end == _buffer.Length)
        {
            EnsureCapacity((int)Math.Min(limit, (long)_buffer.Length * 2));
        }

        var received = await _socket.ReceiveAsync(_buffer.AsMemory(_end), SocketFlags.None, cancellationToken).ConfigureAwait(false);
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
        _socket.Dispose();
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }
}
