using System.Collections.Concurrent;
using System.Diagnostics;

// GET /          a small JSON array (the throughput endpoint)
// GET /delay50   waits 50 ms and records how long it really took, server side
// GET /timing    the server's own p50 and p95 of /delay50 since the last call, then resets (the reference for timing overhead)
var builder = WebApplication.CreateSlimBuilder(args);
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
