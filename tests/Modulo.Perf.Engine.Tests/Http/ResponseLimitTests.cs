using System.Diagnostics;
using Modulo.Perf.Engine.Http;

namespace Modulo.Perf.Engine.Tests.Http;

/// <summary>
/// What a hostile server can cost a VU: at most 64 KiB of heads and trailers, at most maxResponseBody of body, and
/// never more time than the request timeout, however the bytes arrive.
/// </summary>
public class ResponseLimitTests
{
    private const int MaxBody = 1024 * 1024;

    private static IHttpTransport CreateTransport(Uri baseAddress, bool forceHttpClient, TimeSpan timeout) =>
        HttpTransportFactory.Create(baseAddress, new HttpTransportOptions
        {
            ForceHttpClient = forceHttpClient,
            Timeout = timeout,
            MaxResponseBody = MaxBody,
        });

    private static async Task<(HttpExchange Exchange, TimeSpan Elapsed, long Allocated)> SendAsync(Misbehaviour misbehaviour, bool forceHttpClient, TimeSpan timeout)
    {
        await using var server = HostileHttpServer.Start(misbehaviour);
        await using var transport = CreateTransport(server.BaseUrl, forceHttpClient, timeout);
        var request = transport.Prepare("GET", "/", [], ReadOnlyMemory<byte>.Empty);
        var allocatedBefore = GC.GetTotalAllocatedBytes();
        var stopwatch = Stopwatch.StartNew();
        var exchange = await transport.SendAsync(request, CancellationToken.None);
        return (exchange, stopwatch.Elapsed, GC.GetTotalAllocatedBytes() - allocatedBefore);
    }

    public static TheoryData<Misbehaviour, bool, HttpFailureCause> Floods() => new()
    {
        { Misbehaviour.EndlessInterimResponses, false, HttpFailureCause.Protocol },
        { Misbehaviour.EndlessTrailers, false, HttpFailureCause.Protocol },
        { Misbehaviour.EndlessBody, false, HttpFailureCause.TooLarge },
        { Misbehaviour.EndlessBody, true, HttpFailureCause.TooLarge },
        { Misbehaviour.EndlessChunks, false, HttpFailureCause.TooLarge },
        { Misbehaviour.EndlessChunks, true, HttpFailureCause.TooLarge },
        { Misbehaviour.HugeContentLength, false, HttpFailureCause.TooLarge },
        { Misbehaviour.HugeContentLength, true, HttpFailureCause.TooLarge },
    };

    [Theory]
    [MemberData(nameof(Floods))]
    public async Task An_endless_or_oversized_response_fails_at_its_limit_without_growing_memory(Misbehaviour misbehaviour, bool forceHttpClient, HttpFailureCause cause)
    {
        var (exchange, elapsed, allocated) = await SendAsync(misbehaviour, forceHttpClient, TimeSpan.FromSeconds(30));

        Assert.Equal((0, cause), (exchange.StatusCode, exchange.Failure));
        // Stopped by the limit, not by the timeout; the whole process allocated little meanwhile (other tests included).
        Assert.True(elapsed < TimeSpan.FromSeconds(15), $"took {elapsed}");
        Assert.True(allocated < 256L * 1024 * 1024, $"allocated {allocated / 1024 / 1024} MiB");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_timeout_holds_against_a_body_that_trickles_in(bool forceHttpClient)
    {
        var (exchange, elapsed, _) = await SendAsync(Misbehaviour.DripFeed, forceHttpClient, TimeSpan.FromSeconds(2));

        Assert.Equal((0, HttpFailureCause.Timeout), (exchange.StatusCode, exchange.Failure));
        // Up to a watchdog period late, plus the resumption on a busy test host; the drip itself would take 100 s.
        Assert.InRange(elapsed, TimeSpan.FromSeconds(1.9), TimeSpan.FromSeconds(2 + 3));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_body_at_the_limit_is_read_whole(bool forceHttpClient)
    {
        var body = new string('b', MaxBody);
        await using var server = RawHttpServer.Responding($"HTTP/1.1 200 OK\r\nContent-Length: {MaxBody}\r\n\r\n{body}");
        await using var transport = CreateTransport(server.BaseUrl, forceHttpClient, TimeSpan.FromSeconds(30));

        var exchange = await transport.SendAsync(transport.Prepare("GET", "/", [], ReadOnlyMemory<byte>.Empty), CancellationToken.None);

        Assert.Equal((HttpFailureCause.None, MaxBody), (exchange.Failure, exchange.Body.Length));
    }
}
