using Modulo.Perf.Engine.Configuration;
using Modulo.Perf.Engine.Scenarios;
using Modulo.Perf.Engine.SourceText;

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

        Assert.Equal("alice:t-2", step.Headers["X-Who"]);
        Assert.Equal("$env:USER_A {not a var}", step.Headers["X-Plain"]);
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

            Assert.Equal("from-env", step.Headers["X"]);
        }
        finally
        {
            Environment.SetEnvironmentVariable(name, null);
            File.Delete(path);
        }
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
