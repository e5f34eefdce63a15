using System.Text.Json;
using Json.Schema;
using Modulo.Perf.Engine.Configuration;
using Modulo.Perf.Engine.Scenarios;
using Modulo.Perf.Engine.SourceText;
using Modulo.Perf.Engine.Tests.Infrastructure;

namespace Modulo.Perf.Engine.Tests.Configuration;

public class SchemaTests
{
    private static readonly JsonSchema Schema = JsonSchema.FromText(File.ReadAllText(RepositoryPaths.Schema));

    // Configs are read as editors read them: comments and trailing commas allowed.
    private static readonly JsonDocumentOptions EditorOptions = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    /// <summary>Every perfgate config in samples/ and in the test examples; the loader accepts them too.</summary>
    public static TheoryData<string> ConfigFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(RepositoryPaths.Examples, "*.json"))
        {
            data.Add(file);
        }

        if (Directory.Exists(RepositoryPaths.Samples))
        {
            foreach (var file in Directory.EnumerateFiles(RepositoryPaths.Samples, "perfgate*.json", SearchOption.AllDirectories)
                         .Where(f => !f.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj")))
            {
                data.Add(file);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(ConfigFiles))]
    public void Every_sample_and_example_config_validates(string file)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(file), EditorOptions);

        var result = Schema.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });

        Assert.True(result.IsValid, Describe(result));
        // What the schema accepts here the loader accepts too (env values are supplied for ${env:...}).
        ConfigLoader.Parse(File.ReadAllBytes(file), file, _ => "value");
    }

    [Theory]
    [InlineData("""{ "profiles": { "quick": { "executor": "constant-vus", "vu": 5, "duration": "20s" } } }""")]
    [InlineData("""{ "baseUrl": "http://127.0.0.1:5000", "suite": ["crud"] }""")]
    [InlineData("""{ "scenarios": { "s": { "weight": 0, "steps": [ { "method": "GET", "path": "/" } ] } } }""")]
    [InlineData("""{ "scenarios": { "s": { "steps": [ { "method": "POST", "path": "/", "body": {}, "form": {} } ] } } }""")]
    [InlineData("""{ "data": { "users": { "file": "u.csv", "order": "shuffled" } } }""")]
    [InlineData("""{ "profiles": { "q": { "executor": "constant-vus", "duration": "1s", "stages": [] } } }""")]
    [InlineData("""{ "scenarios": { "s": { "steps": [ { "method": "GET", "path": "/", "header": {} } ] } } }""")]
    [InlineData("""{ "scenarios": { "s": { "steps": [ { "ws": "send", "message": "x", "topic": "t" } ] } } }""")]
    [InlineData("""{ "thresholds": { "http_req_duration": [ { "threshold": "p(95)<1", "abortOnFailure": true } ] } }""")]
    [InlineData("""{ "suites": ["crud", "sink"] }""")]
    [InlineData("""{ "requestTimeout": "10 seconds" }""")]
    [InlineData("""{ "thresholds": { "http_req_duration": [ "p(95)" ] } }""")]
    [InlineData("""{ "scenarios": { "s": { "steps": [ { "method": "FETCH", "path": "/" } ] } } }""")]
    public void A_misspelled_or_misplaced_setting_fails_validation_as_it_fails_loading(string json)
    {
        using var document = JsonDocument.Parse(json);

        Assert.False(Schema.Evaluate(document.RootElement).IsValid);
        Assert.Throws<ConfigurationException>(() => ConfigText.Parse(json));
    }

    [Fact]
    public void The_schema_offers_exactly_the_engines_built_in_suites()
    {
        using var schema = JsonDocument.Parse(File.ReadAllText(RepositoryPaths.Schema));

        var offered = schema.RootElement.GetProperty("properties").GetProperty("suites").GetProperty("items").GetProperty("enum")
            .EnumerateArray().Select(name => name.GetString());

        Assert.Equal(BuiltInSuites.Names, offered);
    }

    private static string Describe(EvaluationResults result) =>
        string.Join(Environment.NewLine, (result.Details ?? []).Where(d => d.Errors is not null)
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Key}: {e.Value}")));
}
