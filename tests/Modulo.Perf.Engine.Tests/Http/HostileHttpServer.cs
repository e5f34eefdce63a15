using System.Text;

namespace Modulo.Perf.Engine.Tests.Http;

/// <summary>The ways a server can misbehave that <see cref="HostileHttpServer"/> can act out.</summary>
public enum Misbehaviour
{
    /// <summary><c>100 Continue</c> heads, one after another, forever.</summary>
    EndlessInterimResponses,
    /// <summary>A chunked body, then trailer lines forever.</summary>
    EndlessTrailers,
    /// <summary>A response without length, delimited by the end of the connection, whose body never ends.</summary>
    EndlessBody,
    /// <summary>A chunked body whose chunks never end.</summary>
    EndlessChunks,
    /// <summary>A <c>Content-Length</c> of 3 GiB, then the body at full speed.</summary>
    HugeContentLength,
    /// <summary>A 1,000-byte body sent one byte every 100 ms: each read succeeds, the response takes 100 s.</summary>
    DripFeed,
    /// <summary>
    /// Answers a request with keep-alive, then reads the next one and closes without a byte of answer, as a server
    /// does that drops idle connections: the classic race of a reused connection.
    /// </summary>
    DropsTheSecondRequest,
}

/// <summary>
/// A raw-socket loopback server acting out one named <see cref="Misbehaviour"/> on every connection, for the
/// reliability tests of the transports and the engine. Writes stop when the client closes or the server is disposed.
/// </summary>
internal static class HostileHttpServer
{
    private static readonly byte[] Filler = Encoding.ASCII.GetBytes(new string('x', 64 * 1024));

    public static RawHttpServer Start(Misbehaviour misbehaviour) => RawHttpServer.Start(async (connection, stop) =>
    {
        while (await connection.ReadRequestAsync(stop) is not null)
        {
            switch (misbehaviour)
            {
                case Misbehaviour.EndlessInterimResponses:
                    await Forever(connection, "HTTP/1.1 100 Continue\r\n\r\n", stop);
                    return;
                case Misbehaviour.EndlessTrailers:
                    await connection.WriteAsync("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n", stop);
                    await Forever(connection, "X-Trailer: more and more and more\r\n", stop);
                    return;
                case Misbehaviour.EndlessBody:
                    await connection.WriteAsync("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n", stop);
                    await Forever(connection, Filler, stop);
                    return;
                case Misbehaviour.EndlessChunks:
                    await connection.WriteAsync("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n", stop);
                    await Forever(connection, [.. "10000\r\n"u8, .. Filler, .. "\r\n"u8], stop);
                    return;
                case Misbehaviour.HugeContentLength:
                    await connection.WriteAsync($"HTTP/1.1 200 OK\r\nContent-Length: {3L * 1024 * 1024 * 1024}\r\n\r\n", stop);
                    await Forever(connection, Filler, stop);
                    return;
                case Misbehaviour.DripFeed:
                    await connection.WriteAsync("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n", stop);
                    for (var i = 0; i < 1000; i++)
                    {
                        await connection.WriteAsync("x", stop);
                        await Task.Delay(100, stop);
                    }
                    break;
                case Misbehaviour.DropsTheSecondRequest:
                    await connection.WriteAsync("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", stop);
                    await connection.ReadRequestAsync(stop);
                    return;
            }
        }
    });

    private static Task Forever(RawHttpConnection connection, string text, CancellationToken stop) =>
        Forever(connection, Encoding.ASCII.GetBytes(text), stop);

    private static async Task Forever(RawHttpConnection connection, byte[] bytes, CancellationToken stop)
    {
        while (true)
        {
            await connection.WriteAsync(bytes, stop);
        }
    }
}
