using System.Text;
using System.Text.Json;
using Json.Schema;
using Modulo.Perf.Engine.Baselines;
using Modulo.Perf.Engine.Configuration;
using Modulo.Perf.Engine.SourceText;
using Modulo.Perf.Engine.Tests.Infrastructure;

namespace Modulo.Perf.Engine.Tests.Baselines;

/// <summary>The config's "regression" section, as the loader and the JSON Schema read it.</summary>
public class RegressionSettingsTests
{
    // A registry of its own: the schema's $id is already registered globally by SchemaTests.
    private static readonly JsonSchema Schema =
        JsonSchema.FromText(File.ReadAllText(RepositoryPaths.Schema), new BuildOptions { SchemaRegistry = new SchemaRegistry() });

    [Fact]
    public void Defaults_are_the_seeds_tolerances()
    {
        var settings = Parse("""{ }""").Regression;

        Assert.Equal(new RegressionSettings { LatencyPercent = 15, ErrorRatePoints = 2, ThroughputPercent = 10, HistoryDays = 90, HistoryRuns = 10, MinSamples = 100, MachineSlowdownPercent = 25 }, settings);
    }

    [Fact]
    public void Every_setting_is_read_and_the_schema_accepts_it()
    {
        const string json = """
            { "regression": { "latencyPercent": 20, "errorRatePoints": 0.5, "throughputPercent": 5, "historyDays": 30, "historyRuns": 5, "minSamples": 500, "machineSlowdownPercent": 40 } }
            """;

        Assert.Equal(new RegressionSettings { LatencyPercent = 20, ErrorRatePoints = 0.5, ThroughputPercent = 5, HistoryDays = 30, HistoryRuns = 5, MinSamples = 500, MachineSlowdownPercent = 40 }, Parse(json).Regression);
        Assert.True(Schema.Evaluate(JsonDocument.Parse(json).RootElement).IsValid);
    }

    [Theory]
    [InlineData("""{ "regression": { "latency": 20 } }""", "unknown property 'latency' in 'regression'", 1, 20)]
    [InlineData("""{ "regression": { "latencyPercent": -1 } }""", "must be 0 or more", 1, 37)]
    [InlineData("""{ "regression": { "historyDays": 0 } }""", "must be at least 1", 1, 34)]
    [InlineData("""{ "regression": { "minSamples": "many" } }""", "must be a whole number", 1, 34)]
    public void A_bad_setting_fails_loading_at_its_position_and_fails_the_schema(string json, string message, int line, int column)
    {
        var error = Assert.Throws<ConfigurationException>(() => Parse(json));

        Assert.Contains(message, error.Message);
        Assert.Equal((line, column), (error.Location!.Line, error.Location.Column));
        Assert.False(Schema.Evaluate(JsonDocument.Parse(json).RootElement).IsValid);
    }

    private static PerfGateConfig Parse(string json) => ConfigLoader.Parse(Encoding.UTF8.GetBytes(json), "perfgate.json", _ => null);
}
