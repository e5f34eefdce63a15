using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Modulo.Perf.Engine.Outcome;
using Modulo.Perf.Engine.Tests.Infrastructure;

namespace Modulo.Perf.Engine.Tests.Reporting;

/// <summary>
/// One real, short run whose reports the tests read: a loopback server with a fast read, a read that fails every fourth call and a 20 ms write, and
/// thresholds of every outcome (a pass, a failure with a measured value, a failure with no samples).
/// </summary>
public sealed class ReportedRun : IAsyncLifetime
{
    private LoopbackServer? _server;
    private TempConfig? _config;

    public RunResult Result { get; private set; } = null!;
    public string OutputDirectory => _config!.OutputDirectory;

    public string ReadReport(string fileName) => File.ReadAllText(Path.Combine(OutputDirectory, fileName));

    public async Task InitializeAsync()
    {
        _server = await LoopbackServer.StartAsync(app =>
        {
            var calls = 0;
            app.MapGet("/read", () => Results.Ok("fast"));
            // Every fourth call fails, so failures show up in every report without breaking the error threshold.
            app.MapGet("/flaky", () => Interlocked.Increment(ref calls) % 4 == 0 ? Results.StatusCode(500) : Results.Ok("fine"));
            app.MapPost("/write", async () => { await Task.Delay(20); return Results.Ok("slow"); });
        });
        _config = new TempConfig($$"""
            {
              "baseUrl": "{{_server.BaseUrl}}",
              "scenarios": { "mixed": { "steps": [
                { "name": "read", "method": "GET", "path": "/read", "type": "read" },
                { "name": "flaky", "method": "GET", "path": "/flaky", "type": "read" },
                { "name": "write", "method": "POST", "path": "/write", "type": "write" } ] } },
              "profiles": { "short": { "executor": "constant-vus", "vus": 2, "duration": "3s" } },
              "profile": "short",
              "thresholds": {
                "slo_read_latency": ["p(95)<1000"],
                "slo_write_latency": ["p(95)<1"],
                "slo_sync_latency": ["p(95)<100"],
                "http_req_failed": ["rate<0.5"]
              }
            }
            """);
        Result = await Infrastructure.Engine.RunAsync(_config);
    }

    public async Task DisposeAsync()
    {
        _config?.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
