using Modulo.Perf.Engine.SourceText;
using Modulo.Perf.Engine.Tests.Configuration;

namespace Modulo.Perf.Engine.Tests.SourceText;

public class DurationParserTests
{
    [Theory]
    [InlineData("30s", 30_000)]
    [InlineData("1m30s", 90_000)]
    [InlineData("500ms", 500)]
    [InlineData("1.5s", 1_500)]
    [InlineData("2h", 7_200_000)]
    [InlineData("1h2m3s4ms", 3_723_004)]
    [InlineData("100us", 0.1)]
    [InlineData("100µs", 0.1)]
    [InlineData("1500ns", 0.0015)]
    [InlineData("0", 0)]
    [InlineData("0s", 0)]
    public void Parses_k6_durations(string text, double milliseconds)
    {
        Assert.Equal(TimeSpan.FromTicks((long)Math.Round(milliseconds * TimeSpan.TicksPerMillisecond)), DurationParser.Parse(text));
        Assert.True(DurationParser.TryParse(text, out var duration));
        Assert.Equal(DurationParser.Parse(text), duration);
    }

    [Theory]
    [InlineData("", "empty duration")]
    [InlineData("30", "needs a unit")]
    [InlineData("30x", "unknown unit at character 3")]
    [InlineData("s", "expected a number at character 1")]
    [InlineData("-5s", "expected a number at character 1")]
    [InlineData("1m 30s", "expected a number at character 3")]
    [InlineData("1.2.3s", "expected a number")]
    [InlineData("99999999999h", "too long")]
    public void Rejects_malformed_durations_saying_why(string text, string message)
    {
        var error = Assert.Throws<FormatException>(() => DurationParser.Parse(text));

        Assert.Contains(message, error.Message);
        Assert.False(DurationParser.TryParse(text, out _));
    }

    [Theory]
    [InlineData("250", 250)]
    [InlineData("1.5", 1.5)]
    [InlineData("\"2s\"", 2000)]
    public void A_bare_json_number_in_the_config_means_milliseconds(string json, double milliseconds)
    {
        var config = ConfigText.Parse($$"""{ "requestTimeout": {{json}} }""");

        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), config.RequestTimeout);
    }

    [Theory]
    [InlineData("-1", "0 or more milliseconds")]
    [InlineData("0", "must be longer than 0")]
    [InlineData("true", "must be a duration")]
    public void Rejects_invalid_duration_values_in_the_config(string json, string message)
    {
        var error = Assert.Throws<ConfigurationException>(() => ConfigText.Parse($$"""{ "requestTimeout": {{json}} }"""));

        Assert.Contains(message, error.Message);
        Assert.Equal(new SourceLocation(ConfigText.FileName, 1, 21), error.Location);
    }
}
