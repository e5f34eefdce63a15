using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Modulo.Perf.Engine.Outcome;
using Modulo.Perf.Engine.Reporting;
using Modulo.Perf.Engine.Tests.Infrastructure;

namespace Modulo.Perf.Engine.Tests.Outcome;

/// <summary>
/// Mistakes the engine can see in its input stop the real command before a single request reaches the target, with
/// exit 3 at their position; and no run ever leaves an earlier run's verdict behind.
/// </summary>
public class BeforeLoadTests
{
    private sealed class CountingServer : IAsyncDisposable
    {
        private int _requests;
        private LoopbackServer _server = null!;

        public Uri BaseUrl => _server.BaseUrl;
        public int Requests => Volatile.Read(ref _requests);

        public static async Task<CountingServer> StartAsync()
        {
            var counting = new CountingServer();
            counting._server = await LoopbackServer.StartAsync(app => app.Run(context =>
            {
                Interlocked.Increment(ref counting._requests);
                return context.Response.WriteAsync("ok");
            }));
            return counting;
        }

        public ValueTask DisposeAsync() => _server.DisposeAsync();
    }

    private static string Config(Uri baseUrl, string step, string top = "") => $$"""
        {
          "baseUrl": "{{baseUrl}}",{{top}}
          "scenarios": { "s": { "steps": [ {{step}} ] } },
          "profiles": { "short": { "executor": "constant-vus", "vus": 1, "duration": "1s" } },
          "profile": "short"
        }
        """;

    public static TheoryData<string, string, string, int, string> Mistakes() => new()
    {
        { """{ "method": "GET", "path": "/", "headers": { "X Id": "1" } }""", "", "", 3, "'X Id' is not a valid header name" },
        { """{ "method": "GET", "path": "/", "headers": { "X-Price": "5 €" } }""", "", "", 3, "contains U+20AC" },
        { """{ "method": "GET", "path": "/", "headers": { "Authorization": "Bearer ${env:PERF_TEST_TOKEN}" } }""", "", "", 3, "environment variable 'PERF_TEST_TOKEN'" },
        { """{ "method": "GET", "path": "//other-host/x" }""", "", "", 3, "must start with a single '/'" },
        { """{ "method": "GET", "path": "/" }""", """ "requestTimeout": "2000h",""", "", 2, "at most 168h" },
        { """{ "method": "GET", "path": "/", "thinkTime": "2000h" }""", "", "", 3, "at most 168h" },
        { """{ "method": "GET", "path": "/" }""", "", "--duration=2000h", 0, "at most 168h" },
    };

    [Theory]
    [MemberData(nameof(Mistakes))]
    public async Task A_mistake_in_the_input_exits_3_at_its_position_before_any_request(string step, string top, string argument, int line, string message)
    {
        await using var server = await CountingServer.StartAsync();
        using var config = new TempConfig(Config(server.BaseUrl, step, top));
        // The token ends in CR, as a value read from a Windows file would: it must be rejected without being shown.
        using var engine = EngineProcess.Start(config, new Dictionary<string, string> { ["PERF_TEST_TOKEN"] = "s3cret-token\r" },
            argument.Length > 0 ? [argument] : []);

        var (exitCode, results, output) = await engine.WaitAsync();

        Assert.True(exitCode == ExitCodes.InvalidConfiguration, output);
        Assert.Equal(0, server.Requests);
        Assert.Equal("invalid_configuration", results!.RootElement.GetProperty("verdict").GetString());
        Assert.Contains(message, output);
        if (line > 0)
        {
            Assert.Contains($"{config.Path}({line},", output);
            Assert.Equal(line, results.RootElement.GetProperty("errors")[0].GetProperty("line").GetInt32());
        }
        Assert.DoesNotContain("s3cret", output);
        Assert.DoesNotContain("s3cret", File.ReadAllText(Path.Combine(config.OutputDirectory, ResultsJsonWriter.FileName)));
        Assert.DoesNotContain("   at ", output);
    }

    [Fact]
    public async Task Invalid_utf8_in_the_config_exits_3_at_its_position()
    {
        await using var server = await CountingServer.StartAsync();
        using var config = new TempConfig("");
        // A byte that is never UTF-8 (0xFF) in the path on line 3.
        var bytes = System.Text.Encoding.UTF8.GetBytes(Config(server.BaseUrl, """{ "method": "GET", "path": "/x@" }"""));
        bytes[Array.IndexOf(bytes, (byte)'@')] = 0xFF;
        File.WriteAllBytes(config.Path, bytes);

        var (exitCode, results, output) = await Infrastructure.Engine.RunProcessAsync(config);

        Assert.True(exitCode == ExitCodes.InvalidConfiguration, output);
        Assert.Equal(0, server.Requests);
        Assert.Contains($"{config.Path}(3,", output);
        Assert.Contains("invalid UTF-8", results!.RootElement.GetProperty("errors")[0].GetProperty("message").GetString());
    }

    [Fact]
    public async Task More_connections_than_the_file_limit_allows_exit_3_with_the_numbers_before_any_request()
    {
        await using var server = await CountingServer.StartAsync();
        using var config = new TempConfig(Config(server.BaseUrl, """{ "method": "GET", "path": "/" }"""));
        using var engine = EngineProcess.Start(config, environment: null, fileLimit: 256, "--vus", "300");

        var (exitCode, results, output) = await engine.WaitAsync();

        Assert.True(exitCode == ExitCodes.InvalidConfiguration, output);
        Assert.Equal(0, server.Requests);
        Assert.Contains("the run plans up to 300 connections (300 VUs × 1) but this process may open only 256 files", output);
        Assert.Equal("invalid_configuration", results!.RootElement.GetProperty("verdict").GetString());
    }

    [Theory]
    [InlineData(false, "")]
    [InlineData(true, "the run plans up to 240 connections (120 VUs × 2)")]
    public async Task A_WebSocket_only_run_budgets_one_descriptor_per_VU_and_a_mixed_one_two(bool withHttp, string refusal)
    {
        // The HTTP connection is opened lazily: a VU that only speaks WebSocket never has one.
        await using var server = await CountingServer.StartAsync();
        var steps = """{ "ws": "connect", "path": "/ws", "timeout": "1s" }""" + (withHttp ? """, { "method": "GET", "path": "/" }""" : "");
        using var config = new TempConfig(Config(server.BaseUrl, steps));
        using var engine = EngineProcess.Start(config, environment: null, fileLimit: 256, "--vus", "120");

        var (exitCode, _, output) = await engine.WaitAsync();

        if (withHttp)
        {
            Assert.True(exitCode == ExitCodes.InvalidConfiguration, output);
            Assert.Contains(refusal, output);
        }
        else
        {
            Assert.DoesNotContain("the run plans up to", output);
            Assert.True(exitCode != ExitCodes.InvalidConfiguration, output);
        }
    }

    [Fact]
    public async Task A_run_within_the_file_limit_is_not_refused()
    {
        await using var server = await CountingServer.StartAsync();
        using var config = new TempConfig(Config(server.BaseUrl, """{ "method": "GET", "path": "/" }"""));
        using var engine = EngineProcess.Start(config, environment: null, fileLimit: 256, "--vus", "20");

        var (exitCode, _, output) = await engine.WaitAsync();

        Assert.True(exitCode == ExitCodes.Pass, output);
        Assert.True(server.Requests > 0);
    }

    [Fact]
    public async Task The_previous_runs_reports_are_removed_before_the_run_and_other_files_are_kept()
    {
        using var config = new TempConfig("""{ "vu": 1 }""");
        Directory.CreateDirectory(config.OutputDirectory);
        var stale = ReportSet.FileNames.Select(name => Path.Combine(config.OutputDirectory, name)).ToList();
        foreach (var file in stale)
        {
            File.WriteAllText(file, file.EndsWith(".json", StringComparison.Ordinal) ? """{ "schemaVersion": 1, "verdict": "pass", "exitCode": 0 }""" : "stale");
        }
        var unrelated = Path.Combine(config.OutputDirectory, "notes.txt");
        File.WriteAllText(unrelated, "mine");

        var (exitCode, results, output) = await Infrastructure.Engine.RunProcessAsync(config);

        Assert.True(exitCode == ExitCodes.InvalidConfiguration, output);
        Assert.Equal("invalid_configuration", results!.RootElement.GetProperty("verdict").GetString());
        // A run that never sent load writes no interval files: the stale ones must be gone, not left to mislead.
        Assert.False(File.Exists(Path.Combine(config.OutputDirectory, IntervalWriter.FileName)));
        Assert.False(File.Exists(Path.Combine(config.OutputDirectory, OpenMetricsWriter.FileName)));
        Assert.All(stale.Where(File.Exists), file => Assert.NotEqual("stale", File.ReadAllText(file)));
        Assert.Equal("mine", File.ReadAllText(unrelated));
        Assert.Empty(Directory.GetDirectories(config.OutputDirectory));
    }

    [Fact]
    public async Task An_exception_nobody_expected_is_an_error_verdict_with_exit_5_and_a_results_json()
    {
        using var config = new TempConfig("{}");

        // A caller's defect (no config path) reaches the engine as an exception none of its checks anticipates.
        var result = await Infrastructure.Engine.RunAsync(config, options => options with { ConfigPath = null! });

        Assert.Equal((Verdict.Error, ExitCodes.InternalError), (result.Verdict, result.ExitCode));
        var written = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(config.OutputDirectory, ResultsJsonWriter.FileName))).RootElement;
        Assert.Equal("error", written.GetProperty("verdict").GetString());
        Assert.Equal(ExitCodes.InternalError, written.GetProperty("exitCode").GetInt32());
        var error = written.GetProperty("errors")[0];
        Assert.Equal("internal", error.GetProperty("kind").GetString());
        Assert.StartsWith("internal error: ArgumentNullException:", error.GetProperty("message").GetString());
        Assert.Contains("internal error", File.ReadAllText(Path.Combine(config.OutputDirectory, MarkdownReportWriter.FileName)));
    }

    [Fact]
    public async Task Reports_that_cannot_be_written_exit_5_with_a_clear_error()
    {
        using var config = new TempConfig("""{ "vu": 1 }""");
        // --out names a file, so no report can be written under it.
        File.WriteAllText(config.OutputDirectory, "a file, not a directory");

        var (exitCode, _, output) = await Infrastructure.Engine.RunProcessAsync(config);

        Assert.True(exitCode == ExitCodes.InternalError, output);
        Assert.Contains($"error: cannot write the reports to '{config.OutputDirectory}'", output);
        Assert.DoesNotContain("   at ", output);
    }
}
