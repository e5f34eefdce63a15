using System.Text;
using Modulo.Perf.Engine.Http;

namespace Modulo.Perf.Engine.Tests.Http;

/// <summary>Runs alone: other tests allocating in parallel would be counted too.</summary>
[CollectionDefinition(nameof(AllocationMeasurement), DisableParallelization = true)]
public sealed class AllocationMeasurement;

[Collection(nameof(AllocationMeasurement))]
public class Http11AllocationTests
{
    [OptimizedBuildFact]
    public async Task A_prepared_keep_alive_request_allocates_nothing_in_steady_state()
    {
        var response = Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 11\r\n\r\n[1,2,3,4,5]");
        using var server = new SynchronousKeepAliveServer(response);
        await using var transport = HttpTransportFactory.Create(server.BaseUrl, new HttpTransportOptions());
        var request = transport.Prepare("GET", "/", [new("Accept", "application/json")], ReadOnlyMemory<byte>.Empty);

        // Off xunit's synchronization context, whose posted continuations would be counted as the client's.
        var perRequest = await Task.Run(async () =>
        {
            for (var i = 0; i < 500; i++)
            {
                Assert.Equal(200, (await transport.SendAsync(request, CancellationToken.None)).StatusCode);
            }

            // The count is the whole process's: the test runner's own work (reporting the tests that just ended) can
            // land in one window. A request that allocates shows in every window, so the least of three is what counts.
            const int Requests = 5000;
            var least = long.MaxValue;
            for (var window = 0; window < 3; window++)
            {
                var complete = 0;
                var before = GC.GetTotalAllocatedBytes(precise: true);
                for (var i = 0; i < Requests; i++)
                {
                    // Counted, not asserted: Assert.Equal itself allocates.
                    var exchange = await transport.SendAsync(request, CancellationToken.None);
                    complete += exchange.StatusCode == 200 && exchange.Body.Length == 11 ? 1 : 0;
                }
                var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
                Assert.Equal(Requests, complete);
                least = Math.Min(least, allocated);
            }
            return least / Requests;
        });

        // Any object costs at least 24 bytes; below 8 per request on average, no request allocates.
        Assert.True(perRequest < 8, $"{perRequest} bytes allocated per request");
    }
}
