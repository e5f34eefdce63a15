using System.Diagnostics;
using System.Text.Json;
using Modulo.Perf.Engine.Metrics;
using Modulo.Perf.Engine.Outcome;
using Modulo.Perf.Engine.Reporting;
using Modulo.Perf.Engine.ServiceCounters;
using Modulo.Perf.Engine.Tests.Infrastructure;
using Modulo.Sample.Api.Tests;

namespace Modulo.Perf.Engine.Tests.ServiceCounters;

/// <summary>
/// The engine reaching the real sample through a diagnostic port socket, as it reaches a service in a container
/// (the socket on a mounted volume): never by its process id, which the test keeps only to check the CPU time.
/// </summary>
public sealed class DiagnosticPortTests
{
    private const long AllocatedPerRequest = 128 * 1024;
    private static readonly IReadOnlyDictionary<string, string> NoFilter = new Dictionary<string, string>();

    [Fact]
    public async Task The_counters_are_recorded_through_the_diagnostic_port_the_service_connects_to()
    {
        var directory = Directory.CreateTempSubdirectory("modulo-diag-");
        try
        {
            var socket = Path.Combine(directory.FullName, "service.sock");
            await using var sample = await SampleProcess.StartHealthyAsync(
                // A spin per request, so the load's CPU dwarfs what attaching (and its check session) cost the service.
                [$"--Faults=GET /health=alloc:{AllocatedPerRequest / 1024}KB,cpu:2ms"],
                new Dictionary<string, string> { ["DOTNET_DiagnosticPorts"] = socket + ",nosuspend" });
            using var config = new TempConfig($$"""
                { "baseUrl": "{{sample.BaseAddress}}", "scenarios": { "health": { "steps": [ { "name": "health", "method": "GET", "path": "/health" } ] } } }
                """);
            using var service = Process.GetProcessById(sample.ProcessId);
            var cpuBefore = service.TotalProcessorTime;

            var result = await Infrastructure.Engine.RunAsync(config, o => o with { Duration = TimeSpan.FromSeconds(8), Vus = 2, ServiceDiagnosticPort = socket });

            service.Refresh();
            var cpuSpent = (service.TotalProcessorTime - cpuBefore).TotalMilliseconds;
            var report = Assert.IsType<ServiceCounterReport>(result.Service);
            Assert.Null(report.Problem);
            Assert.Equal(Verdict.Pass, result.Verdict);
            Assert.InRange(Gauge(result, MetricCatalog.ServiceAllocPerRequest), AllocatedPerRequest * 0.8, AllocatedPerRequest * 1.2);
            // Without a process to ask, the CPU time is the runtime's CPU-usage counter times its processors, per request
            // over the intervals whole inside the load; times all the load's requests, it is close to what the operating
            // system counted for the whole attachment (which adds the attach, the probe and the load's edges: up to a
            // third on a saturated 2-core machine; the intervals' requests may also cost up to a fifth more than the
            // edges': 1.27 was seen twice in a row on a quiet machine). A counter read per processor instead of for the
            // whole process would be double, one divided twice half: the bounds stay clear of both.
            var requests = result.Metrics!.QueryCounter(MetricCatalog.HttpReqs, NoFilter).Count;
            var counted = Gauge(result, MetricCatalog.ServiceCpuPerRequest) * requests;
            Assert.InRange(counted, cpuSpent * 0.6, cpuSpent * 1.5);
            using var written = JsonDocument.Parse(File.ReadAllText(Path.Combine(config.OutputDirectory, ResultsJsonWriter.FileName)));
            var section = written.RootElement.GetProperty("service");
            Assert.Equal(socket, section.GetProperty("diagnosticPort").GetString());
            Assert.False(section.TryGetProperty("pid", out _));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task A_service_that_exits_during_the_load_is_reported_and_the_counters_until_then_are_kept()
    {
        var directory = Directory.CreateTempSubdirectory("modulo-diag-");
        try
        {
            var socket = Path.Combine(directory.FullName, "service.sock");
            await using var sample = await SampleProcess.StartHealthyAsync(
                [$"--Faults=GET /health=alloc:{AllocatedPerRequest / 1024}KB"],
                new Dictionary<string, string> { ["DOTNET_DiagnosticPorts"] = socket + ",nosuspend" });
            using var config = new TempConfig($$"""
                { "baseUrl": "{{sample.BaseAddress}}", "scenarios": { "health": { "steps": [ { "name": "health", "method": "GET", "path": "/health" } ] } } }
                """);

            var run = Infrastructure.Engine.RunAsync(config, o => o with { Duration = TimeSpan.FromSeconds(10), Vus = 1, ServiceDiagnosticPort = socket });
            // Past the connection, the target probe and a few seconds of the load's counters.
            await Task.Delay(TimeSpan.FromSeconds(7));
            sample.Kill();
            var result = await run.WaitAsync(TimeSpan.FromMinutes(1));

            // Without a process to watch, the end of the diagnostics stream is what says the service went away.
            var report = Assert.IsType<ServiceCounterReport>(result.Service);
            Assert.Equal($"the service (diagnostic port {socket}) exited during the load; its counters cover the load until then", report.Problem);
            Assert.Equal(Verdict.Pass, result.Verdict);
            Assert.InRange(Gauge(result, MetricCatalog.ServiceAllocPerRequest), AllocatedPerRequest * 0.8, AllocatedPerRequest * 1.2);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task A_port_no_service_connects_to_gives_a_clear_message_and_the_run_goes_on()
    {
        var directory = Directory.CreateTempSubdirectory("modulo-diag-");
        try
        {
            await using var sample = await SampleProcess.StartHealthyAsync();
            using var config = new TempConfig($$"""
                { "baseUrl": "{{sample.BaseAddress}}", "scenarios": { "health": { "steps": [ { "name": "health", "method": "GET", "path": "/health" } ] } } }
                """);
            var socket = Path.Combine(directory.FullName, "nobody.sock");

            var result = await Infrastructure.Engine.RunAsync(config, o => o with { Duration = TimeSpan.FromSeconds(1), Vus = 1, ServiceDiagnosticPort = socket });

            Assert.Equal(Verdict.Pass, result.Verdict);
            var report = Assert.IsType<ServiceCounterReport>(result.Service);
            Assert.Contains($"no .NET service connected to diagnostic port {socket} within", report.Problem);
            Assert.Contains($"DOTNET_DiagnosticPorts={socket},nosuspend", report.Problem);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task A_process_id_and_a_diagnostic_port_together_are_rejected_before_any_load()
    {
        using var config = new TempConfig("""
            { "baseUrl": "http://127.0.0.1:9", "scenarios": { "health": { "steps": [ { "name": "health", "method": "GET", "path": "/health" } ] } } }
            """);

        var result = await Infrastructure.Engine.RunAsync(config, o => o with { ServicePid = 1, ServiceDiagnosticPort = "/tmp/x.sock" });

        Assert.Equal(Verdict.InvalidConfiguration, result.Verdict);
        Assert.Contains(result.Errors, e => e.Message.Contains("--service-pid and --service-diagnostic-port", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_diagnostic_port_with_options_is_rejected_before_any_load()
    {
        using var config = new TempConfig("""
            { "baseUrl": "http://127.0.0.1:9", "scenarios": { "health": { "steps": [ { "name": "health", "method": "GET", "path": "/health" } ] } } }
            """);

        var result = await Infrastructure.Engine.RunAsync(config, o => o with { ServiceDiagnosticPort = "/tmp/x.sock,listen" });

        Assert.Equal(Verdict.InvalidConfiguration, result.Verdict);
        Assert.Contains(result.Errors, e => e.Message.Contains("give the socket's path alone", StringComparison.Ordinal));
    }

    private static double Gauge(RunResult result, string metric) =>
        Assert.IsType<GaugeAggregate>(result.Metrics!.Query(metric, NoFilter)).Value;
}
