using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Modulo.Perf.Engine.Configuration;
using Modulo.Perf.Engine.Scenarios;
using Modulo.Perf.Engine.SourceText;
using Modulo.Perf.Engine.Tests.Infrastructure;

namespace Modulo.Perf.Engine.Tests.Configuration;

public class EnvironmentAndVariableTests
{
    private static HttpStepDefinition SingleStep(string stepJson, Func<string, string?>? environment = null) =>
        (HttpStepDefinition)ConfigText.Parse($$"""{ "scenarios": { "s": { "steps": [ {{stepJson}} ] } } }""", environment).Scenarios[0].Steps[0];

    [Fact]
    public void Expands_every_env_reference_in_a_header_value()
    {
        var environment = new Dictionary<string, string> { ["USER_A"] = "alice", ["TOKEN_2"] = "t-2", ["EMPTY"] = "" };

        var step = SingleStep(
            """{ "method": "GET", "path": "/", "headers": { "X-Who": "${env:USER_A}:${env:TOKEN_2}${env:EMPTY}", "X-Plain": "$env:USER_A {not a var}" } }""",
            name => environment.GetValueOrDefault(name));

        Assert.Equal("alice:t-2", step.Headers["X-Who"].ToString());
        Assert.Equal("$env:USER_A {not a var}", step.Headers["X-Plain"].ToString());
    }

    [Theory]
    [InlineData("s3cret\r", "a carriage return (CR) at character 7")]
    [InlineData("s3cret\nX-Injected: 1", "a line feed (LF) at character 7")]
    [InlineData("s3cret€", "U+20AC (beyond Latin-1) at character 7")]
    public void A_value_a_header_cannot_carry_is_an_error_at_the_reference_that_never_shows_the_value(string value, string described)
    {
        const string json = """{ "scenarios": { "s": { "steps": [ { "method": "GET", "path": "/", "headers": { "Authorization": "Bearer ${env:TOKEN}" } } ] } } }""";

        var error = Assert.Throws<ConfigurationException>(() => ConfigText.Parse(json, name => name == "TOKEN" ? value : null));

        Assert.Contains($"environment variable 'TOKEN' (used in 'Authorization' of 'headers' of step 1 of scenario 's') contains {described}", error.Message);
        Assert.DoesNotContain("s3cret", error.Diagnostic);
        Assert.Equal(new SourceLocation(ConfigText.FileName, 1, json.IndexOf("${env:", StringComparison.Ordinal) + 1), error.Location);
    }

    [Fact]
    public void A_scenarios_default_header_inserts_an_environment_value_literally_too()
    {
        const string json = """{ "scenarios": { "s": { "headers": { "X-Secret": "[${env:T}]" }, "steps": [ { "method": "GET", "path": "/" } ] } } }""";

        var step = (HttpStepDefinition)ConfigText.Parse(json, name => name == "T" ? "p{ass}word" : null).Scenarios[0].Steps[0];

        Assert.Equal("[p{ass}word]", step.Headers["X-Secret"].ToString());
        Assert.Empty(step.Headers["X-Secret"].Variables);
    }

    [Theory]
    [InlineData("""{ "X Bad": "v" }""", "'X Bad' is not a valid header name")]
    [InlineData("""{ "X-Token": "${env:T}" }""", "environment variable 'T' (used in 'X-Token' of 'headers' of scenario 's') contains a carriage return (CR)")]
    public void A_scenarios_default_headers_follow_the_rules_of_a_steps_headers(string headers, string expected)
    {
        var json = $$"""{ "scenarios": { "s": { "headers": {{headers}}, "steps": [ { "method": "GET", "path": "/" } ] } } }""";

        var error = Assert.Throws<ConfigurationException>(() => ConfigText.Parse(json, name => name == "T" ? "s3cret\r" : null));

        Assert.Contains(expected, error.Message);
        Assert.DoesNotContain("s3cret", error.Diagnostic);
    }

    [Fact]
    public void A_content_type_a_header_cannot_carry_is_an_error_at_its_character()
    {
        var error = Assert.Throws<ConfigurationException>(() =>
            SingleStep("""{ "method": "POST", "path": "/", "text": "x", "contentType": "text/plain\r\nX-Injected: 1" }"""));

        Assert.Contains("'contentType' contains a carriage return (CR)", error.Message);
    }

    [Fact]
    public void Header_names_are_case_insensitive_and_may_not_repeat()
    {
        var error = Assert.Throws<ConfigurationException>(() =>
            SingleStep("""{ "method": "GET", "path": "/", "headers": { "Accept": "a", "accept": "b" } }"""));

        Assert.Contains("header 'accept' is given twice", error.Message);
    }

    [Fact]
    public void The_process_environment_is_used_by_load()
    {
        var name = $"MODULO_PERF_TEST_{Guid.NewGuid():N}";
        var path = Path.Combine(Path.GetTempPath(), $"{name}.json");
        Environment.SetEnvironmentVariable(name, "from-env");
        try
        {
            File.WriteAllText(path, $$"""{ "scenarios": { "s": { "steps": [ { "method": "GET", "path": "/", "headers": { "X": "${env:{{name}}}" } } ] } } }""");

            var step = (HttpStepDefinition)ConfigLoader.Load(path).Scenarios[0].Steps[0];

            Assert.Equal("from-env", step.Headers["X"].ToString());
        }
        finally
        {
            Environment.SetEnvironmentVariable(name, null);
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("abc{seq}xyz")]
    [InlineData("p{ass}word")]
    public async Task An_environment_value_is_sent_literally_never_read_as_a_placeholder(string secret)
    {
        var name = $"MODULO_PERF_TEST_{Guid.NewGuid():N}";
        var received = new System.Collections.Concurrent.ConcurrentBag<string>();
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/", (HttpContext context) =>
        {
            received.Add(context.Request.Headers["X-Secret"].ToString());
            return "ok";
        }));
        using var config = new TempConfig($$"""
            {
              "baseUrl": "{{server.BaseUrl}}",
              "scenarios": { "s": { "steps": [ { "method": "GET", "path": "/", "headers": { "X-Secret": "[${env:{{name}}}]" } } ] } },
              "profiles": { "few": { "executor": "per-vu-iterations", "vus": 1, "iterations": 3, "maxDuration": "30s" } },
              "profile": "few"
            }
            """);
        Environment.SetEnvironmentVariable(name, secret);
        try
        {
            await Infrastructure.Engine.RunAsync(config);
        }
        finally
        {
            Environment.SetEnvironmentVariable(name, null);
        }

        Assert.Equal(3, received.Count);
        Assert.All(received, value => Assert.Equal($"[{secret}]", value));
    }

    [Fact]
    public void Captured_variables_and_seq_are_usable_in_later_steps_only_within_their_scenario()
    {
        const string json = """
            { "scenarios": {
                "a": { "steps": [
                  { "method": "POST", "path": "/n/{seq}", "capture": { "id": "$.id", "_v2": "$['x'][1]" } },
                  { "method": "PUT", "path": "/n/{id}", "headers": { "If-Match": "{_v2}" }, "body": { "id": "{id}", "n": ["{seq}"] } }
                ] },
                "b": { "steps": [ { "method": "GET", "path": "/n/{id}" } ] }
            } }
            """;

        var error = Assert.Throws<ConfigurationException>(() => ConfigText.Parse(json));

        // Scenario a loads; scenario b may not use a's capture.
        Assert.Contains("unknown variable '{id}' in 'path' of step 1 of scenario 'b'", error.Message);
        Assert.Contains("known here: {iter}, {now}, {run}, {seq}, {unixMs}, {uuid}, {vu}, {randInt:MIN-MAX})", error.Message);
        Assert.Equal(new SourceLocation(ConfigText.FileName, 6, 54), error.Location);
    }
}
