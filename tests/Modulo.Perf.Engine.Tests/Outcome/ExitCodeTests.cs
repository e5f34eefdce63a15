using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Modulo.Perf.Engine.Tests.Infrastructure;

namespace Modulo.Perf.Engine.Tests.Outcome;

/// <summary>The real command's exit codes and results.json, the contract CI scripts and the MSBuild task rely on.</summary>
public class ExitCodeTests
{
    private static string Config(Uri baseUrl, string threshold) => $$"""
        {
          "baseUrl": "{{baseUrl}}",
          "scenarios": { "ping": { "steps": [ { "name": "ping", "method": "GET", "path": "/ping", "type": "read" } ] } },
          "profiles": { "short": { "executor": "constant-vus", "vus": 2, "duration": "2s" } },
          "profile": "short",
          "thresholds": { "slo_read_latency": [{{threshold}}] }
        }
        """;

    private static Task<LoopbackServer> PingServer() => LoopbackServer.StartAsync(app => app.MapGet("/ping", () => Results.Ok("pong")));

    [Fact]
    public async Task Met_thresholds_exit_0_with_a_pass_verdict()
    {
        await using var server = await PingServer();
        using var config = new TempConfig(Config(server.BaseUrl, "\"p(95)<5000\""));

        var (exitCode, results, output) = await Infrastructure.Engine.RunProcessAsync(config);

        Assert.True(exitCode == 0, output);
        Assert.Equal("pass", results!.RootElement.GetProperty("verdict").GetString());
        Assert.True(results.RootElement.GetProperty("thresholds")[0].GetProperty("ok").GetBoolean());
        Assert.True(File.Exists(Path.Combine(config.OutputDirectory, "performance-report.md")));
        Assert.Contains("✅ No performance issues detected", File.ReadAllText(Path.Combine(config.OutputDirectory, "performance-report.md")));
    }

    [Fact]
    public async Task A_violated_threshold_exits_2_and_names_its_position()
    {
        await using var server = await PingServer();
        using var config = new TempConfig(Config(server.BaseUrl, "\"p(95)<0.001\""));

        var (exitCode, results, output) = await Infrastructure.Engine.RunProcessAsync(config);

        Assert.True(exitCode == 2, output);
        var threshold = results!.RootElement.GetProperty("thresholds")[0];
        Assert.False(threshold.GetProperty("ok").GetBoolean());
        Assert.Equal(6, threshold.GetProperty("line").GetInt32());
        Assert.Equal(41, threshold.GetProperty("column").GetInt32());
        Assert.Equal(config.Path, threshold.GetProperty("file").GetString());
        Assert.StartsWith("slo_read_latency p(95)<0.001 failed: p(95)=", threshold.GetProperty("message").GetString());
        Assert.Contains("🚨 SLO violations detected", File.ReadAllText(Path.Combine(config.OutputDirectory, "performance-report.md")));
    }

    [Fact]
    public async Task A_malformed_threshold_exits_3_with_file_line_and_column()
    {
        await using var server = await PingServer();
        using var config = new TempConfig(Config(server.BaseUrl, "\"p95 < 200\""));

        var (exitCode, results, output) = await Infrastructure.Engine.RunProcessAsync(config);

        Assert.True(exitCode == 3, output);
        Assert.Contains($"{config.Path}(6,41): error:", output);
        var error = results!.RootElement.GetProperty("errors")[0];
        Assert.Equal("configuration", error.GetProperty("kind").GetString());
        Assert.Equal(6, error.GetProperty("line").GetInt32());
        Assert.Equal(41, error.GetProperty("column").GetInt32());
    }

    [Theory]
    [InlineData("--vus", "many", "--vus 'many' is not a number of virtual users")]
    [InlineData("--duration", "soon", "--duration 'soon': 'soon' is not a duration")]
    [InlineData("--frobnicate", "1", "--frobnicate")]
    public async Task Command_line_mistakes_exit_3_in_plain_words_with_a_results_json(string option, string value, string message)
    {
        using var config = new TempConfig(Config(new Uri("http://127.0.0.1:9"), "\"p(95)<200\""));

        var (exitCode, results, output) = await Infrastructure.Engine.RunProcessAsync(config, option, value);

        Assert.True(exitCode == 3, output);
        Assert.Contains(message, output);
        Assert.DoesNotContain("System.", output);
        Assert.Equal("invalid_configuration", results!.RootElement.GetProperty("verdict").GetString());
        Assert.Contains(message, results.RootElement.GetProperty("errors")[0].GetProperty("message").GetString());
    }

    [Fact]
    public async Task A_target_nobody_listens_on_exits_4()
    {
        int port;
        await using (var server = await PingServer())
        {
            port = server.BaseUrl.Port;
        }
        using var config = new TempConfig(Config(new Uri($"http://127.0.0.1:{port}"), "\"p(95)<200\""));

        var (exitCode, results, output) = await Infrastructure.Engine.RunProcessAsync(config);

        Assert.True(exitCode == 4, output);
        Assert.Equal("target_unreachable", results!.RootElement.GetProperty("verdict").GetString());
        Assert.Contains($"127.0.0.1:{port}", results.RootElement.GetProperty("errors")[0].GetProperty("message").GetString());
    }
}
