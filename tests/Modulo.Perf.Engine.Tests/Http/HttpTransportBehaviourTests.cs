using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Modulo.Perf.Engine.Http;
using Modulo.Perf.Engine.Tests.Infrastructure;

namespace Modulo.Perf.Engine.Tests.Http;

/// <summary>Behaviour both transports must share; every test runs once per path.</summary>
public class HttpTransportBehaviourTests
{
    private static readonly KeyValuePair<string, string>[] NoHeaders = [];

    public static TheoryData<bool> BothPaths => new() { false, true };

    private static IHttpTransport CreateTransport(Uri baseAddress, bool forceHttpClient, TimeSpan? timeout = null) =>
        HttpTransportFactory.Create(baseAddress, new HttpTransportOptions
        {
            ForceHttpClient = forceHttpClient,
            Timeout = timeout ?? TimeSpan.FromSeconds(10),
        });

    private static Task<HttpExchange> GetAsync(IHttpTransport transport, string path) =>
        transport.SendAsync(transport.Prepare("GET", path, NoHeaders, ReadOnlyMemory<byte>.Empty), CancellationToken.None).AsTask();

    private static string Text(HttpExchange exchange) => Encoding.UTF8.GetString(exchange.Body.Span);

    [Theory, MemberData(nameof(BothPaths))]
    public async Task Reads_a_content_length_body(bool forceHttpClient)
    {
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/items", () => Results.Text("[1,2,3]", "application/json")));
        await using var transport = CreateTransport(server.BaseUrl, forceHttpClient);

        var exchange = await GetAsync(transport, "/items");

        Assert.Equal(HttpFailureCause.None, exchange.Failure);
        Assert.Equal(200, exchange.StatusCode);
        Assert.Equal("[1,2,3]", Text(exchange));
        Assert.True(exchange.BytesReceived > "HTTP/1.1 200 OK\r\n\r\n[1,2,3]".Length, $"BytesReceived {exchange.BytesReceived}");
        Assert.True(exchange.BytesSent > "GET /items HTTP/1.1\r\n\r\n".Length, $"BytesSent {exchange.BytesSent}");
    }

    [Theory, MemberData(nameof(BothPaths))]
    public async Task Decodes_a_chunked_body_with_extensions_and_trailers_and_keeps_the_connection(bool forceHttpClient)
    {
        await using var server = RawHttpServer.Start(async (connection, stop) =>
        {
            while (await connection.ReadRequestAsync(stop) is not null)
            {
                // Split mid-chunk so the client has to decode across receives.
                await connection.WriteAsync("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;name=value\r\nhel", stop);
                await Task.Delay(50, stop);
                await connection.WriteAsync("lo\r\n7;a;b=\"c\"\r\n, world\r\n0\r\nX-Checksum: abc\r\n\r\n", stop);
            }
        });
        await using var transport = CreateTransport(server.BaseUrl, forceHttpClient);

        var first = await GetAsync(transport, "/");
        Assert.Equal((200, "hello, world"), (first.StatusCode, Text(first)));
        var second = await GetAsync(transport, "/");
        Assert.Equal((200, "hello, world"), (second.StatusCode, Text(second)));
        Assert.Equal(1, server.Connections);
    }

    [Fact]
    public async Task Reads_bare_lf_heads_and_chunk_lines_and_keeps_the_connection()
    {
        string[] responses =
        [
            "HTTP/1.1 100 Continue\n\nHTTP/1.1 200 OK\nTransfer-Encoding: chunked\n\n5\nhello\n0\nX-T: 1\n\n",
            "HTTP/1.1 200 OK\r\nContent-Length: 2, 2\r\n\nok",
        ];
        await using var server = RawHttpServer.Start(async (connection, stop) =>
        {
            for (var i = 0; await connection.ReadRequestAsync(stop) is not null; i++)
            {
                await connection.WriteAsync(responses[i % responses.Length], stop);
            }
        });
        await using var transport = CreateTransport(server.BaseUrl, forceHttpClient: false);

        var first = await GetAsync(transport, "/");
        var second = await GetAsync(transport, "/");

        Assert.Equal((HttpFailureCause.None, 200, "hello"), (first.Failure, first.StatusCode, Text(first)));
        Assert.Equal((HttpFailureCause.None, 200, "ok"), (second.Failure, second.StatusCode, Text(second)));
        Assert.Equal(1, server.Connections);
    }

    [Fact]
    public async Task Body_bytes_arriving_after_the_response_close_the_connection_instead_of_failing_the_next_request()
    {
        await using var server = RawHttpServer.Start(async (connection, stop) =>
        {
            while (await connection.ReadRequestAsync(stop) is not null)
            {
                await connection.WriteAsync("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\nok", stop);
                await Task.Delay(100, stop);
                await connection.WriteAsync("-and-more-than-announced", stop);
            }
        });
        await using var transport = CreateTransport(server.BaseUrl, forceHttpClient: false);

        var first = await GetAsync(transport, "/");
        await Task.Delay(500);
        var second = await GetAsync(transport, "/");

        Assert.Equal((HttpFailureCause.None, "ok"), (first.Failure, Text(first)));
        Assert.Equal((HttpFailureCause.None, "ok"), (second.Failure, Text(second)));
        Assert.Equal(2, server.Connections);
    }

    [Theory, MemberData(nameof(BothPaths))]
    public async Task Reuses_one_keep_alive_connection(bool forceHttpClient)
    {
        var connectionIds = new HashSet<string>();
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/", (HttpContext context) =>
        {
            lock (connectionIds)
            {
                connectionIds.Add(context.Connection.Id);
            }

            return "ok";
        }));
        await using var transport = CreateTransport(server.BaseUrl, forceHttpClient);
        var request = transport.Prepare("GET", "/", NoHeaders, ReadOnlyMemory<byte>.Empty);

        for (var i = 0; i < 100; i++)
        {
            Assert.Equal(200, (await transport.SendAsync(request, CancellationToken.None)).StatusCode);
        }

        Assert.Single(connectionIds);
    }

    [Theory, MemberData(nameof(BothPaths))]
    public async Task Opens_a_new_connection_after_each_connection_close_response(bool forceHttpClient)
    {
        var connectionIds = new HashSet<string>();
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/", (HttpContext context) =>
        {
            lock (connectionIds)
            {
                connectionIds.Add(context.Connection.Id);
            }

            context.Response.Headers.Connection = "close";
            return "closing";
        }));
        await using var transport = CreateTransport(server.BaseUrl, forceHttpClient);

        for (var i = 0; i < 5; i++)
        {
            var exchange = await GetAsync(transport, "/");
            Assert.Equal((HttpFailureCause.None, 200, "closing"), (exchange.Failure, exchange.StatusCode, Text(exchange)));
        }
        Assert.Equal(5, connectionIds.Count);
    }

    [Theory, MemberData(nameof(BothPaths))]
    public async Task Reads_to_the_end_when_a_closing_response_has_no_length(bool forceHttpClient)
    {
        await using var server = RawHttpServer.Start(async (connection, stop) =>
        {
            await connection.ReadRequestAsync(stop);
            await connection.WriteAsync("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nuntil the end", stop);
        });
        await using var transport = CreateTransport(server.BaseUrl, forceHttpClient);

        for (var i = 1; i <= 3; i++)
        {
            var exchange = await GetAsync(transport, "/");
            Assert.Equal((200, "until the end"), (exchange.StatusCode, Text(exchange)));
            Assert.Equal(i, server.Connections);
        }
    }

    [Theory, MemberData(nameof(BothPaths))]
    public async Task Retries_once_when_the_server_closed_the_idle_connection(bool forceHttpClient)
    {
        // Answers one request per connection, advertising keep-alive, then closes: the client's next request
        // goes out on a connection the server has already closed.
        await using var server = RawHttpServer.Start(async (connection, stop) =>
        {
            await connection.ReadRequestAsync(stop);
            await connection.WriteAsync("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", stop);
        });
        await using var transport = CreateTransport(server.BaseUrl, forceHttpClient);

        Assert.Equal(200, (await GetAsync(transport, "/")).StatusCode);
        await Task.Delay(200);
        var second = await GetAsync(transport, "/");

        Assert.Equal((HttpFailureCause.None, 200, "ok"), (second.Failure, second.StatusCode, Text(second)));
        Assert.Equal(2, server.Connections);
        Assert.Equal(2, server.Requests);
    }

    [Theory, MemberData(nameof(BothPaths))]
    public async Task Reports_a_reset_mid_response_without_retrying(bool forceHttpClient)
    {
        var served = 0;
        await using var server = RawHttpServer.Start(async (connection, stop) =>
        {
            while (await connection.ReadRequestAsync(stop) is not null)
            {
                if (Interlocked.Increment(ref served) == 1)
                {
                    await connection.WriteAsync("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", stop);
                    continue;
                }
                await connection.WriteAsync("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\npartial", stop);
                await Task.Delay(50, stop);
                connection.Reset();
                return;
            }
        });
        await using var transport = CreateTransport(server.BaseUrl, forceHttpClient);

        Assert.Equal(200, (await GetAsync(transport, "/")).StatusCode);
        var failed = await GetAsync(transport, "/");
        await Task.Delay(300); // room for a wrong retry to reach the server

        Assert.Equal((0, HttpFailureCause.Reset), (failed.StatusCode, failed.Failure));
        Assert.Equal(2, server.Requests);
        Assert.Equal(1, server.Connections);
    }

    [Theory, MemberData(nameof(BothPaths))]
    public async Task Reports_a_refused_connection(bool forceHttpClient)
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        await using var transport = CreateTransport(new Uri($"http://127.0.0.1:{port}/"), forceHttpClient);

        var exchange = await GetAsync(transport, "/");

        Assert.Equal((0, HttpFailureCause.Refused), (exchange.StatusCode, exchange.Failure));
    }

    [Theory, MemberData(nameof(BothPaths))]
    public async Task Times_out_a_slow_response_and_then_works_again(bool forceHttpClient)
    {
        await using var server = await LoopbackServer.StartAsync(app =>
        {
            app.MapGet("/slow", async (HttpContext context) =>
            {
                await Task.Delay(TimeSpan.FromSeconds(30), context.RequestAborted);
                return "late";
            });
            app.MapGet("/fast", () => "fast");
        });
        await using var transport = CreateTransport(server.BaseUrl, forceHttpClient, TimeSpan.FromMilliseconds(300));

        var stopwatch = Stopwatch.StartNew();
        var slow = await GetAsync(transport, "/slow");
        stopwatch.Stop();
        var fast = await GetAsync(transport, "/fast");

        Assert.Equal((0, HttpFailureCause.Timeout), (slow.StatusCode, slow.Failure));
        Assert.InRange(stopwatch.Elapsed, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(5));
        Assert.Equal((HttpFailureCause.None, "fast"), (fast.Failure, Text(fast)));
    }

    [Theory, MemberData(nameof(BothPaths))]
    public async Task Throws_only_when_the_run_stops(bool forceHttpClient)
    {
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/slow", async (HttpContext context) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(30), context.RequestAborted);
            return "late";
        }));
        await using var transport = CreateTransport(server.BaseUrl, forceHttpClient);
        using var runStop = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        var request = transport.Prepare("GET", "/slow", NoHeaders, ReadOnlyMemory<byte>.Empty);

        var stopwatch = Stopwatch.StartNew();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => transport.SendAsync(request, runStop.Token).AsTask());

        Assert.InRange(stopwatch.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(5));
    }

    [Theory, MemberData(nameof(BothPaths))]
    public async Task Sends_the_body_and_headers_intact(bool forceHttpClient)
    {
        await using var server = await LoopbackServer.StartAsync(app => app.MapPost("/echo", async (HttpContext context) =>
        {
            var body = await new StreamReader(context.Request.Body).ReadToEndAsync();
            var request = context.Request;
            return $"{request.Method}|{request.Host}|{request.ContentType}|{request.ContentLength}|{request.Headers["X-Tenant"]}|" +
                   $"{request.Headers.UserAgent}|{request.Headers.Authorization}|{body}";
        }));
        await using var transport = CreateTransport(server.BaseUrl, forceHttpClient);
        var json = Encoding.UTF8.GetBytes("{\"name\":\"Zoë\",\"qty\":3}");
        KeyValuePair<string, string>[] headers = [new("X-Tenant", "acme"), new("Authorization", "Bearer t0k3n")];

        var exchange = await transport.SendAsync(transport.Prepare("POST", "/echo", headers, json), CancellationToken.None);

        var expectedUserAgent = "modulo-perf/" + typeof(HttpTransportFactory).Assembly.GetName().Version!.ToString(3);
        Assert.Equal(200, exchange.StatusCode);
        Assert.Equal($"POST|{server.BaseUrl.Authority}|application/json|{json.Length}|acme|{expectedUserAgent}|Bearer t0k3n|{{\"name\":\"Zoë\",\"qty\":3}}",
            Text(exchange));
    }

    [Theory, MemberData(nameof(BothPaths))]
    public async Task Reads_no_body_for_head_and_204(bool forceHttpClient)
    {
        await using var server = await LoopbackServer.StartAsync(app =>
        {
            app.MapMethods("/resource", ["GET", "HEAD"], async (HttpContext context) =>
            {
                context.Response.ContentLength = 11;
                if (HttpMethods.IsGet(context.Request.Method))
                {
                    await context.Response.WriteAsync("hello world");
                }
            });
            app.MapDelete("/resource", () => Results.NoContent());
        });
        await using var transport = CreateTransport(server.BaseUrl, forceHttpClient);

        var head = await transport.SendAsync(transport.Prepare("HEAD", "/resource", NoHeaders, ReadOnlyMemory<byte>.Empty), CancellationToken.None);
        var deleted = await transport.SendAsync(transport.Prepare("DELETE", "/resource", NoHeaders, ReadOnlyMemory<byte>.Empty), CancellationToken.None);
        var get = await GetAsync(transport, "/resource");

        Assert.Equal((HttpFailureCause.None, 200, 0), (head.Failure, head.StatusCode, head.Body.Length));
        Assert.Equal((HttpFailureCause.None, 204, 0), (deleted.Failure, deleted.StatusCode, deleted.Body.Length));
        Assert.Equal((200, "hello world"), (get.StatusCode, Text(get)));
    }

    public static TheoryData<bool, bool> BothPathsAndFramings => new() { { false, false }, { false, true }, { true, false }, { true, true } };

    [Theory, MemberData(nameof(BothPathsAndFramings))]
    public async Task Reads_a_one_mebibyte_body(bool forceHttpClient, bool chunked)
    {
        var payload = new byte[1024 * 1024];
        new Random(42).NextBytes(payload);
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/large", async (HttpContext context) =>
        {
            if (!chunked)
            {
                context.Response.ContentLength = payload.Length;
            }

            for (var offset = 0; offset < payload.Length; offset += 64 * 1024)
            {
                await context.Response.Body.WriteAsync(payload.AsMemory(offset, 64 * 1024));
            }
        }));
        await using var transport = CreateTransport(server.BaseUrl, forceHttpClient);

        var first = await GetAsync(transport, "/large");
        Assert.Equal(200, first.StatusCode);
        Assert.True(first.Body.Span.SequenceEqual(payload), "the body differs from what was sent");
        var second = await GetAsync(transport, "/large");
        Assert.True(second.Body.Span.SequenceEqual(payload), "the second body differs from what was sent");
    }

    [Theory, MemberData(nameof(BothPaths))]
    public async Task Reports_a_malformed_status_line_as_a_protocol_failure(bool forceHttpClient)
    {
        await using var server = RawHttpServer.Responding("HTTP/1.1 2x0 Fine\r\nContent-Length: 0\r\n\r\n");
        await using var transport = CreateTransport(server.BaseUrl, forceHttpClient);

        var exchange = await GetAsync(transport, "/");

        Assert.Equal((0, HttpFailureCause.Protocol), (exchange.StatusCode, exchange.Failure));
    }

    [Theory, MemberData(nameof(BothPaths))]
    public async Task Reports_endless_headers_as_a_protocol_failure_not_a_hang(bool forceHttpClient)
    {
        await using var server = RawHttpServer.Start(async (connection, stop) =>
        {
            await connection.ReadRequestAsync(stop);
            await connection.WriteAsync("HTTP/1.1 200 OK\r\n", stop);
            var filler = "X-Filler: " + new string('a', 1000) + "\r\n";
            for (var i = 0; i < 1000; i++)
            {
                await connection.WriteAsync(filler, stop);
            }
        });
        await using var transport = CreateTransport(server.BaseUrl, forceHttpClient);

        var exchange = await GetAsync(transport, "/");

        Assert.Equal((0, HttpFailureCause.Protocol), (exchange.StatusCode, exchange.Failure));
    }
}
