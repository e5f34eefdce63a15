using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Modulo.Perf.Engine.Tests.Infrastructure;

namespace Modulo.Perf.Engine.Tests.Baselines;

/// <summary>
/// A real loopback service whose speed and failures a test changes between runs, standing in for two builds of
/// one backend: the same address (so the run's fingerprint stays the same), different behaviour.
/// </summary>
public sealed class TunableService : IAsyncDisposable
{
    private readonly LoopbackServer _server;
    private long _reads;

    private TunableService(LoopbackServer server) => _server = server;

    public Uri BaseUrl => _server.BaseUrl;

    /// <summary>How long GET /read takes.</summary>
    public int ReadDelayMs { get; set; } = 20;

    /// <summary>How long POST /write takes.</summary>
    public int WriteDelayMs { get; set; } = 20;

    /// <summary>Every Nth read answers 500; 0 means none do.</summary>
    public int FailEveryNthRead { get; set; }

    public static async Task<TunableService> StartAsync()
    {
        TunableService? service = null;
        var server = await LoopbackServer.StartAsync(app =>
        {
            app.MapGet("/read", () => service!.ReadAsync());
            app.MapPost("/write", async () =>
            {
                await Task.Delay(service!.WriteDelayMs);
                return Results.Ok();
            });
        });
        return service = new TunableService(server);
    }

    /// <summary>
    /// A config running one scenario (a read and a write) for 2 s with 8 VUs. The busy-machine guard is off
    /// (machineSlowdownPercent 1000) unless <paramref name="regression"/> sets it: other tests and builds share this
    /// machine, and a test of one rule must not turn inconclusive because a neighbour started compiling.
    /// </summary>
    /// <param name="regression">Extra properties of the "regression" section, each followed by a comma.</param>
    public string Config(string regression = "") => $$"""
        {
          "baseUrl": "{{BaseUrl}}",
          "scenarios": { "api": { "steps": [
            { "name": "read", "method": "GET", "path": "/read", "type": "read" },
            { "name": "write", "method": "POST", "path": "/write", "type": "write" }
          ] } },
          "profiles": { "short": { "executor": "constant-vus", "vus": 8, "duration": "2s" } },
          "profile": "short",
          "regression": { {{(regression.Contains("machineSlowdownPercent") ? "" : "\"machineSlowdownPercent\": 1000,")}} {{regression}} "historyDays": 90 },
          "thresholds": { "slo_read_latency": ["p(95)<5000"] }
        }
        """;

    private async Task<IResult> ReadAsync()
    {
        await Task.Delay(ReadDelayMs);
        var n = Interlocked.Increment(ref _reads);
        return FailEveryNthRead > 0 && n % FailEveryNthRead == 0 ? Results.StatusCode(500) : Results.Ok("read");
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
