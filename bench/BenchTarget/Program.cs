using System.Collections.Concurrent;
using System.Diagnostics;

// GET /          a small JSON array (the throughput endpoint)
// GET /delay50   waits 50 ms and records how long it really took, server side
// GET /stall     answers at once, except that requests arriving between 4 s and 5 s after the first /stall
//                request are all held until 5 s: one 1 s server stall, for the coordinated-omission proof
// GET /timing    the server's own p50 and p95 of /delay50 since the last call, then resets (the reference for timing overhead)
//
// https:// URLs (bench/tls.sh) take their certificate from Kestrel__Certificates__Default__Path/__KeyPath and
// offer HTTP/1.1 and HTTP/2 by ALPN.
var builder = WebApplication.CreateSlimBuilder(args);
// The slim builder leaves out reading HTTPS endpoints from configuration.
builder.WebHost.UseKestrelHttpsConfiguration();
builder.Logging.ClearProviders();
var app = builder.Build();
var items = new[] { new Item(1, "alpha"), new Item(2, "beta"), new Item(3, "gamma") };
var timings = new ConcurrentQueue<double>();

app.MapGet("/", () => items);
app.MapGet("/delay50", async () =>
{
    var start = Stopwatch.GetTimestamp();
    await Task.Delay(50);
    timings.Enqueue(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
    return items;
});
long firstStallRequest = 0;
app.MapGet("/stall", async () =>
{
    var now = Stopwatch.GetTimestamp();
    Interlocked.CompareExchange(ref firstStallRequest, now, 0);
    var sinceFirst = Stopwatch.GetElapsedTime(Interlocked.Read(ref firstStallRequest), now);
    if (sinceFirst >= TimeSpan.FromSeconds(4) && sinceFirst < TimeSpan.FromSeconds(5))
    {
        await Task.Delay(TimeSpan.FromSeconds(5) - sinceFirst);
    }
    return items;
});
app.MapGet("/timing", () =>
{
    var sorted = new List<double>();
    while (timings.TryDequeue(out var ms))
    {
        sorted.Add(ms);
    }
    sorted.Sort();
    double Percentile(double p) => sorted.Count == 0 ? 0 : sorted[Math.Max(0, (int)Math.Ceiling(p / 100 * sorted.Count) - 1)];
    return new { count = sorted.Count, p50 = Percentile(50), p95 = Percentile(95) };
});
app.Run();

internal sealed record Item(int Id, string Name);
