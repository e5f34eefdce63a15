using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Modulo.Perf.Engine.Http;
using Modulo.Perf.Engine.Tests.Infrastructure;

namespace Modulo.Perf.Engine.Tests.Http;

/// <summary>
/// The lean transport's timeouts and stops come from one watchdog that closes the socket of a request past its
/// deadline: these pin that it fires (never early, at most a tick late plus scheduling), for many transports at once,
/// in every phase of a request, and that the run's stop ends a request without waiting for its timeout.
/// </summary>
public class RequestWatchdogTests
{
    private static readonly KeyValuePair<string, string>[] NoHeaders = [];
    private static readonly TimeSpan Timeout = TimeSpan.FromMilliseconds(300);
    // Generous: the machine running the tests is shared; what matters is that nothing waits for the server.
    private static readonly TimeSpan Late = TimeSpan.FromSeconds(3);

    private static IHttpTransport LeanTransport(Uri baseAddress, TimeSpan timeout) =>
        HttpTransportFactory.Create(baseAddress, new HttpTransportOptions { Timeout = timeout });

    private static async Task<(HttpExchange Exchange, TimeSpan Elapsed)> TimedGetAsync(IHttpTransport transport, string path, CancellationToken stop)
    {
        var request = transport.Prepare("GET", path, NoHeaders, ReadOnlyMemory<byte>.Empty);
        var stopwatch = Stopwatch.StartNew();
        var exchange = await transport.SendAsync(request, stop);
        return (exchange, stopwatch.Elapsed);
    }

    private static Task<LoopbackServer> NeverAnsweringServerAsync(TaskCompletionSource? aborted = null) =>
        LoopbackServer.StartAsync(app => app.MapGet("/never", async (HttpContext context) =>
        {
            try
            {
                await Task.Delay(System.Threading.Timeout.Infinite, context.RequestAborted);
            }
            finally
            {
                aborted?.TrySetResult();
            }
        }));

    [Fact]
    public async Task Times_out_every_one_of_many_transports_waiting_on_a_server_that_never_answers()
    {
        await using var server = await NeverAnsweringServerAsync();
        var transports = Enumerable.Range(0, 20).Select(_ => LeanTransport(server.BaseUrl, Timeout)).ToArray();
        try
        {
            var results = await Task.WhenAll(transports.Select(transport => TimedGetAsync(transport, "/never", CancellationToken.None)));

            Assert.All(results, result =>
            {
                Assert.Equal((0, HttpFailureCause.Timeout), (result.Exchange.StatusCode, result.Exchange.Failure));
                Assert.InRange(result.Elapsed, Timeout, Timeout + Late);
            });
        }
        finally
        {
            foreach (var transport in transports)
            {
                await transport.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Closes_the_timed_out_connection_so_the_server_sees_the_request_aborted()
    {
        var aborted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await NeverAnsweringServerAsync(aborted);
        await using var transport = LeanTransport(server.BaseUrl, Timeout);

        var (exchange, _) = await TimedGetAsync(transport, "/never", CancellationToken.None);

        Assert.Equal(HttpFailureCause.Timeout, exchange.Failure);
        await aborted.Task.WaitAsync(Late);
    }

    [Fact]
    public async Task Times_out_a_tls_handshake_the_server_never_answers()
    {
        // Accepts the connection and reads nothing: the request is stuck in its connect phase.
        await using var server = RawHttpServer.Start((_, stop) => Task.Delay(System.Threading.Timeout.Infinite, stop));
        await using var transport = LeanTransport(new UriBuilder(server.BaseUrl) { Scheme = "https" }.Uri, Timeout);

        var (exchange, elapsed) = await TimedGetAsync(transport, "/", CancellationToken.None);

        Assert.Equal((0, HttpFailureCause.Timeout), (exchange.StatusCode, exchange.Failure));
        Assert.InRange(elapsed, Timeout, Timeout + Late);
    }

    [Fact]
    public async Task The_run_stop_ends_a_request_long_before_its_timeout_and_closes_its_connection()
    {
        var aborted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await NeverAnsweringServerAsync(aborted);
        await using var transport = LeanTransport(server.BaseUrl, TimeSpan.FromSeconds(60));
        using var runStop = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        var stopwatch = Stopwatch.StartNew();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => TimedGetAsync(transport, "/never", runStop.Token));

        Assert.InRange(stopwatch.Elapsed, TimeSpan.FromMilliseconds(150), Late);
        await aborted.Task.WaitAsync(Late);
    }

    [Fact]
    public async Task A_request_finishing_near_its_deadline_leaves_the_next_request_untouched()
    {
        // Responses take about the timeout: some finish just before the watchdog looks, some are cut off. Whatever
        // happens to one, the following request must get its own full time (a watchdog abort landing on the next
        // request's connection would fail it early as a reset or a timeout).
        await using var server = await LoopbackServer.StartAsync(app =>
        {
            app.MapGet("/edge", async () =>
            {
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(190, 210)));
                return "edge";
            });
            app.MapGet("/fast", () => "fast");
        });
        await using var transport = LeanTransport(server.BaseUrl, TimeSpan.FromMilliseconds(200));

        for (var i = 0; i < 20; i++)
        {
            var (edge, _) = await TimedGetAsync(transport, "/edge", CancellationToken.None);
            Assert.Contains(edge.Failure, new[] { HttpFailureCause.None, HttpFailureCause.Timeout });
            var (fast, _) = await TimedGetAsync(transport, "/fast", CancellationToken.None);
            Assert.Equal((HttpFailureCause.None, 200), (fast.Failure, fast.StatusCode));
        }
    }
}
