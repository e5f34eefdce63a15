using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Modulo.Perf.Engine.Configuration;
using Modulo.Perf.Engine.Execution.Executors;
using Modulo.Perf.Engine.Metrics;
using Modulo.Perf.Engine.Scenarios;
using Modulo.Perf.Engine.SourceText;
using Modulo.Perf.Engine.Tests.Infrastructure;
using Modulo.Perf.Engine.Thresholds;

namespace Modulo.Perf.Engine.Tests.Configuration;

public class ConfigLoaderTests
{
    private static readonly string ExamplePath = Path.Combine(RepositoryPaths.Examples, "full.perfgate.json");

    private static PerfGateConfig LoadExample() =>
        ConfigLoader.Parse(File.ReadAllBytes(ExamplePath), ExamplePath, name => name == "TOKEN" ? "s3cret" : null);

    [Fact]
    public void Reads_the_top_level_settings()
    {
        var config = LoadExample();

        Assert.Equal("http://127.0.0.1:5000", config.BaseUrl);
        Assert.Equal(["crud", "sync"], config.Suites);
        Assert.Equal("smoke", config.Profile);
        Assert.Equal(TimeSpan.FromSeconds(10), config.RequestTimeout);
        Assert.Equal("/ws", config.WebSocketPath);
        Assert.Equal(ExamplePath, config.SourcePath);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(ExamplePath))), config.ContentHash);
    }

    [Theory]
    [InlineData("1048576", 1048576)]
    [InlineData("\"16MiB\"", 16 * 1024 * 1024)]
    [InlineData("\"1.5 KB\"", 1500)]
    [InlineData("\"1GiB\"", 1024 * 1024 * 1024)]
    public void Reads_max_response_body_in_bytes_or_with_a_unit(string value, int bytes)
    {
        var config = ConfigText.Parse($$"""{ "maxResponseBody": {{value}} }""");

        Assert.Equal(bytes, config.MaxResponseBody);
    }

    [Fact]
    public void Defaults_apply_when_settings_are_absent()
    {
        var config = ConfigText.Parse("{}");

        Assert.Null(config.BaseUrl);
        Assert.Empty(config.Suites);
        Assert.Null(config.Profile);
        Assert.Equal(TimeSpan.FromSeconds(10), config.RequestTimeout);
        Assert.Equal("/ws", config.WebSocketPath);
        Assert.Empty(config.Scenarios);
        Assert.Empty(config.Profiles);
        Assert.Empty(config.Thresholds);
    }

    [Fact]
    public void A_scenarios_cookies_and_followRedirects_reach_its_http_steps_unless_a_step_sets_its_own()
    {
        var scenarios = LoadExample().Scenarios;
        var create = Assert.IsType<HttpStepDefinition>(scenarios[0].Steps[0]);
        var delete = Assert.IsType<HttpStepDefinition>(scenarios[1].Steps[0]);

        Assert.Equal((false, 3), (create.Cookies, create.FollowRedirects));
        Assert.Equal((true, 0), (delete.Cookies, delete.FollowRedirects));
        var defaults = Assert.IsType<HttpStepDefinition>(ConfigText.Parse("""{ "scenarios": { "s": { "steps": [ { "method": "GET", "path": "/" } ] } } }""").Scenarios[0].Steps[0]);
        Assert.Equal((true, 10), (defaults.Cookies, defaults.FollowRedirects));
    }

    [Fact]
    public void Reads_http_steps_with_env_expanded_headers()
    {
        var browse = LoadExample().Scenarios[0];
        var create = Assert.IsType<HttpStepDefinition>(browse.Steps[0]);
        var read = Assert.IsType<HttpStepDefinition>(browse.Steps[1]);

        Assert.Equal("browse", browse.Name);
        Assert.Equal(("create", "POST", "/api/notes", RequestType.Write), (create.Name, create.Method, create.Path, create.Type));
        Assert.Equal("""{"title":"t"}""", create.Body!.ToJsonString());
        Assert.Equal([201], create.Expect);
        Assert.Equal("$.id", create.Capture["id"]);
        Assert.Equal(("/api/notes/{id}", RequestType.Read), (read.Path, read.Type));
        Assert.Equal("Bearer s3cret", read.Headers["Authorization"].ToString());
        Assert.Equal(new SourceLocation(ExamplePath, 11, 7), create.Location);
    }

    [Fact]
    public void Http_steps_get_default_names_types_and_upper_case_methods()
    {
        var steps = LoadExample().Scenarios[1].Steps.Cast<HttpStepDefinition>().ToList();

        Assert.Equal(("DELETE /api/notes/{seq}", "DELETE", RequestType.Write), (steps[0].Name, steps[0].Method, steps[0].Type));
        Assert.Equal([204, 404], steps[0].Expect);
        Assert.Equal(TimeSpan.FromMilliseconds(250), steps[0].ThinkTime);
        Assert.Equal(("GET /api/notes", RequestType.Read), (steps[1].Name, steps[1].Type));
        Assert.Empty(steps[1].Expect);
        Assert.Equal(RequestType.Write, steps[2].Type);
        Assert.Equal("""["{first}",1,null]""", steps[2].Body!.ToJsonString());
    }

    [Fact]
    public void Reads_every_websocket_action()
    {
        var steps = LoadExample().Scenarios[0].Steps.Skip(2).Cast<WebSocketStepDefinition>().ToList();

        Assert.Equal(
            [WebSocketAction.Connect, WebSocketAction.Send, WebSocketAction.Await, WebSocketAction.Subscribe,
             WebSocketAction.Hold, WebSocketAction.Unsubscribe, WebSocketAction.Close],
            steps.Select(s => s.Action));
        Assert.Equal(("/ws", true), (steps[0].Path, steps[0].Persistent));
        Assert.Equal("""{"type":"ping","id":"{seq}"}""", steps[1].Message!.ToJsonString());
        Assert.Equal(("type == \"pong\" && id == {seq}", TimeSpan.FromSeconds(2)), (steps[2].Match, steps[2].Timeout));
        Assert.Equal("notes", steps[3].Topic);
        Assert.Equal(TimeSpan.FromSeconds(1), steps[4].Duration);
        Assert.Equal(("bye", TimeSpan.FromSeconds(5)), (steps[6].Name, steps[6].Timeout));
    }

    [Fact]
    public void Reads_every_executor()
    {
        var profiles = LoadExample().Profiles;

        Assert.Equal(
            new ProfileDefinition { Name = "quick", Executor = ExecutorKind.ConstantVus, Vus = 5, Duration = TimeSpan.FromSeconds(20), Location = profiles["quick"].Location },
            profiles["quick"]);
        var ramp = profiles["ramp"];
        Assert.Equal((ExecutorKind.RampingVus, 0, TimeSpan.FromSeconds(15)), (ramp.Executor, ramp.Vus, ramp.Duration));
        Assert.Equal([new Stage(TimeSpan.FromSeconds(10), 10), new Stage(TimeSpan.FromSeconds(5), 0)], ramp.Stages);
        var each = profiles["each"];
        Assert.Equal((ExecutorKind.PerVuIterations, 2, 10, TimeSpan.FromMinutes(1)), (each.Executor, each.Vus, each.Iterations, each.Duration));
        var open = profiles["open"];
        Assert.Equal((ExecutorKind.ConstantArrivalRate, 100d, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10), 20, 100),
            (open.Executor, open.Rate, open.TimeUnit, open.Duration, open.PreAllocatedVus, open.MaxVus));
        var openRamp = profiles["openramp"];
        Assert.Equal((ExecutorKind.RampingArrivalRate, 10d, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(5)),
            (openRamp.Executor, openRamp.StartRate, openRamp.Duration, openRamp.GracefulStop));
    }

    [Fact]
    public void Arrival_rate_max_vus_defaults_to_pre_allocated_vus()
    {
        var profile = ConfigText.Parse("""
            { "profiles": { "p": { "executor": "constant-arrival-rate", "rate": 5, "duration": 2000, "preAllocatedVUs": 7 } } }
            """).Profiles["p"];

        Assert.Equal((7, 7, TimeSpan.FromSeconds(2)), (profile.PreAllocatedVus, profile.MaxVus, profile.Duration));
    }

    [Fact]
    public void A_profile_without_executor_is_constant_vus_and_may_be_the_default_profile()
    {
        var config = ConfigText.Parse("""{ "profile": "mine", "profiles": { "mine": { "duration": "1m" } } }""");

        Assert.Equal((ExecutorKind.ConstantVus, 1, TimeSpan.FromMinutes(1)), (config.Profiles["mine"].Executor, config.Profiles["mine"].Vus, config.Profiles["mine"].Duration));
        Assert.Equal("mine", config.Profile);
    }

    [Fact]
    public void Reads_thresholds_with_their_positions()
    {
        var thresholds = LoadExample().Thresholds;

        Assert.Equal(4, thresholds.Count);
        var p95 = thresholds[0];
        Assert.Equal(("slo_read_latency", MetricType.Trend, "p(95)<200"), (p95.Selector.Text, p95.MetricType, p95.Source));
        Assert.Equal(new ThresholdExpression(Aggregation.Percentile, 95, ComparisonOperator.Less, 200), p95.Expression);
        Assert.Equal(new SourceLocation(ExamplePath, 34, 28), p95.Location);
        var abort = thresholds[2];
        Assert.Equal(("http_req_duration{type:read}", true, TimeSpan.FromSeconds(10)), (abort.Selector.Text, abort.AbortOnFail, abort.DelayAbortEval));
        Assert.Equal(new SourceLocation(ExamplePath, 36, 54), abort.Location);
        Assert.Equal(("avg < 100", false), (thresholds[3].Source, thresholds[3].AbortOnFail));
    }

    [Fact]
    public void Load_reads_the_file_and_reports_its_full_path()
    {
        var directory = Directory.CreateTempSubdirectory("modulo-perf-config-");
        try
        {
            var path = Path.Combine(directory.FullName, "perfgate.json");
            File.WriteAllText(path, """{ "suites": ["websocket"], "thresholds": { "checks": ["rate>0.99"] } }""");

            var config = ConfigLoader.Load(Path.GetRelativePath(Environment.CurrentDirectory, path));

            Assert.Equal(path, config.SourcePath);
            Assert.Equal(["websocket"], config.Suites);
            Assert.Equal(new SourceLocation(path, 1, 56), config.Thresholds[0].Location);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void Load_of_a_missing_file_is_a_configuration_error()
    {
        var path = Path.Combine(Path.GetTempPath(), $"missing-{Guid.NewGuid():N}.json");

        var error = Assert.Throws<ConfigurationException>(() => ConfigLoader.Load(path));

        Assert.Contains(path, error.Message);
        Assert.Null(error.Location);
    }

    [Fact]
    public void Body_numbers_keep_their_text()
    {
        var step = (HttpStepDefinition)ConfigText.Parse("""
            { "scenarios": { "s": { "steps": [ { "method": "POST", "path": "/", "body": { "n": 1.50, "big": 12345678901234567890 } } ] } } }
            """).Scenarios[0].Steps[0];

        Assert.Equal("""{"n":1.50,"big":12345678901234567890}""", step.Body!.ToJsonString());
        Assert.IsType<JsonObject>(step.Body);
    }
}
