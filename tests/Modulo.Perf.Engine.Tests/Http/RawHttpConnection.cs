using System.Net.Sockets;
using System.Text;

namespace Modulo.Perf.Engine.Tests.Http;

/// <summary>One accepted connection of a <see cref="RawHttpServer"/>.</summary>
internal sealed class RawHttpConnection(RawHttpServer server, Socket socket) : IDisposable
{
    private readonly NetworkStream _stream = new(socket, ownsSocket: true);
    private readonly MemoryStream _pending = new();

    /// <summary>Reads one request (head and Content-Length body) as Latin-1 text; null when the client closed.</summary>
    public async Task<string?> ReadRequestAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[8192];
        while (true)
        {
            var text = Encoding.Latin1.GetString(_pending.GetBuffer(), 0, (int)_pending.Length);
            var headEnd = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (headEnd >= 0)
            {
                var bodyLength = ContentLength(text[..headEnd]);
                var total = headEnd + 4 + bodyLength;
                if (text.Length >= total)
                {
                    var rest = _pending.GetBuffer().AsSpan(total, (int)_pending.Length - total).ToArray();
                    _pending.SetLength(0);
                    _pending.Write(rest);
                    server.CountRequest();
                    return text[..total];
                }
            }
            var read = await _stream.ReadAsync(buffer, cancellationToken);
            if (read == 0)
            {
                return null;
            }

            _pending.Write(buffer, 0, read);
        }
    }

    public Task WriteAsync(string text, CancellationToken cancellationToken) => WriteAsync(Encoding.Latin1.GetBytes(text), cancellationToken);

    public Task WriteAsync(byte[] bytes, CancellationToken cancellationToken) => _stream.WriteAsync(bytes, cancellationToken).AsTask();

    /// <summary>Closes with an RST instead of a FIN, as a crashing server does.</summary>
    public void Reset()
    {
        socket.LingerState = new LingerOption(true, 0);
        socket.Close();
    }

    public void Dispose() => _stream.Dispose();

    private static int ContentLength(string head)
    {
        foreach (var line in head.Split("\r\n"))
        {
            if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
            {
                return int.Parse(line["Content-Length:".Length..].Trim());
            }
        }
        return 0;
    }
}
