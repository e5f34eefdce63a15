using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

// A WebSocket server for bench/ws-sessions.sh: answers {"type":"ping","id":N} with {"type":"pong","id":N} after
// --delay-ms, and times each answer itself, from reading the ping to having sent the pong. GET /stats returns
// those timings' percentiles in ms and GET /reset clears them, so each engine run is compared with its own.
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
var app = builder.Build();
var delay = TimeSpan.FromMilliseconds(app.Configuration.GetValue("delay-ms", 10));
var timings = new Timings();
app.UseWebSockets();

app.Map("/ws", async (HttpContext context) =>
{
    if (!context.WebSockets.IsWebSocketRequest)
    {
        context.Response.StatusCode = StatusCodes.Status400BadRequest;
        return;
    }
    using var socket = await context.WebSockets.AcceptWebSocketAsync();
    var buffer = new byte[512];
    try
    {
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer.AsMemory(), context.RequestAborted);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, context.RequestAborted);
                return;
            }
            var started = Stopwatch.GetTimestamp();
            using var ping = JsonDocument.Parse(buffer.AsMemory(0, result.Count));
            var pong = Encoding.UTF8.GetBytes($$"""{"type":"pong","id":{{ping.RootElement.GetProperty("id").GetRawText()}}}""");
            await Task.Delay(delay, context.RequestAborted);
            await socket.SendAsync(pong, WebSocketMessageType.Text, endOfMessage: true, context.RequestAborted);
            timings.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }
    catch (Exception error) when (error is WebSocketException or OperationCanceledException or IOException)
    {
        // The engine went away.
    }
});
app.MapGet("/stats", () => timings.Summary());
app.MapGet("/reset", () => timings.Clear());
app.Run();

/// <summary>The server's own answer times, in ms.</summary>
sealed class Timings
{
    private readonly Lock _gate = new();
    private readonly List<double> _milliseconds = new();

    public void Add(double milliseconds)
    {
        lock (_gate)
        {
            _milliseconds.Add(milliseconds);
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _milliseconds.Clear();
        }
    }

    public object Summary()
    {
        double[] sorted;
        lock (_gate)
        {
            sorted = [.. _milliseconds.Order()];
        }
        double At(double p) => sorted.Length == 0 ? 0 : sorted[Math.Max(0, (int)Math.Ceiling(p / 100 * sorted.Length) - 1)];
        return new { count = sorted.Length, p50 = At(50), p95 = At(95), p99 = At(99), max = At(100) };
    }
}
