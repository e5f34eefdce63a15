using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;

namespace Modulo.Sample.Api.Tests;

/// <summary>Each test starts its own sample with a <c>Faults</c> setting.</summary>
public sealed class FaultsTests
{
    private static readonly TimeSpan Delay = TimeSpan.FromMilliseconds(400);

    // Timers fire on a coarse clock and may come up to a few milliseconds before the requested span as a Stopwatch sees it.
    private static readonly TimeSpan TimerSlack = TimeSpan.FromMilliseconds(15);

    [Fact]
    public async Task A_delay_fault_slows_the_requests_of_its_route_template()
    {
        await using var sample = await SampleProcess.StartHealthyAsync([$"--Faults=GET /api/notes/{{id}}=delay:{Delay.TotalMilliseconds}ms"]);
        using var created = await sample.Http.PostAsJsonAsync("/api/notes", new { title = "slow to read" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        var faulted = await TimeAsync(() => sample.Http.GetAsync(created.Headers.Location));
        var unfaulted = await TimeAsync(() => sample.Http.GetAsync("/api/notes"));

        Assert.True(faulted >= Delay - TimerSlack, $"GET /api/notes/{{id}} took {faulted.TotalMilliseconds} ms, less than the {Delay.TotalMilliseconds} ms delay");
        Assert.True(unfaulted < Delay, $"GET /api/notes took {unfaulted.TotalMilliseconds} ms although no rule names it");
    }

    [Fact]
    public async Task An_error_rate_of_one_answers_every_request_of_the_route_with_500()
    {
        // Given through the environment, the other way the brief promises.
        await using var sample = await SampleProcess.StartHealthyAsync(environment: new Dictionary<string, string> { ["Faults"] = "POST /api/notes=error:1.0" });

        for (var i = 0; i < 5; i++)
        {
            using var failed = await sample.Http.PostAsJsonAsync("/api/notes", new { title = "never stored" });
            Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        }

        using var listed = await sample.Http.GetAsync("/api/notes");
        Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
        Assert.Equal("[]", await listed.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_delay_on_the_websocket_route_delays_each_pong()
    {
        await using var sample = await SampleProcess.StartHealthyAsync([$"--Faults=/ws=delay:{Delay.TotalMilliseconds}ms"]);
        await using var client = await WsClient.ConnectAsync(sample.WebSocketAddress);

        var started = Stopwatch.StartNew();
        await client.SendAsync("""{"type":"ping","id":1}""");
        var pong = await client.TryReceiveTextAsync(TimeSpan.FromSeconds(5));

        Assert.Equal("""{"type":"pong","id":1}""", pong);
        Assert.True(started.Elapsed >= Delay - TimerSlack, $"The pong came after {started.Elapsed.TotalMilliseconds} ms");
    }

    [Fact]
    public async Task A_cpu_fault_keeps_the_request_busy_and_an_alloc_fault_still_answers_normally()
    {
        await using var sample = await SampleProcess.StartHealthyAsync([$"--Faults=GET /api/notes=cpu:{Delay.TotalMilliseconds}ms;POST /api/notes=alloc:1MB"]);

        using var created = await sample.Http.PostAsJsonAsync("/api/notes", new { title = "allocated around" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var spun = await TimeAsync(() => sample.Http.GetAsync("/api/notes"));

        Assert.True(spun >= Delay - TimerSlack, $"GET /api/notes took {spun.TotalMilliseconds} ms, less than the {Delay.TotalMilliseconds} ms spin");
    }

    [Theory]
    [InlineData("GET /api/notes=delay:soon", "'soon' is not a duration")]
    [InlineData("GET /api/notes=error:2", "'2' is not an error share")]
    [InlineData("GET /api/notes", "expected [METHOD ]ROUTE=effect")]
    [InlineData("GET /api/notes=explode:1", "unknown effect 'explode:1'")]
    [InlineData("GET /api/notes=alloc:lots", "'lots' is not a size")]
    [InlineData("GET /api/notes=alloc:2048MB", "'2048MB' is not a size")]
    [InlineData("GET /api/notes=cpu:busy", "'busy' is not a duration")]
    [InlineData("GET /api/notes/{noteId}=delay:1ms", "no endpoint has the route '/api/notes/{noteId}'")]
    public async Task Malformed_faults_stop_the_app_at_start_with_a_clear_message(string faults, string expectedMessage)
    {
        await using var sample = SampleProcess.Launch([$"--Faults={faults}"]);

        var exitCode = await sample.WaitForExitAsync(TimeSpan.FromSeconds(30));

        Assert.NotEqual(0, exitCode);
        Assert.Contains(expectedMessage, sample.Output);
    }

    private static async Task<TimeSpan> TimeAsync(Func<Task<HttpResponseMessage>> request)
    {
        var started = Stopwatch.StartNew();
        using var response = await request();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return started.Elapsed;
    }
}
