using System.Text;
using Modulo.Perf.Engine.Scenarios;

namespace Modulo.Perf.Engine.Tests.Scenarios;

public class JsonPathTests
{
    private const string Body = """
        { "skip": { "deep": [1, {"id": "no"}] }, "id": "n-1", "count": 42, "ratio": -1.5e3, "ok": true, "off": false,
          "nothing": null, "items": [ { "id": 7 }, { "id": "second", "tags": ["a", "b\"c"] } ], "odd name": "spaced",
          "esc\u0061ped": "matched by decoded name", "obj": { "a": 1 } }
        """;

    [Theory]
    [InlineData("$.id", "n-1")]
    [InlineData("$.count", "42")]
    [InlineData("$.ratio", "-1.5e3")]
    [InlineData("$.ok", "true")]
    [InlineData("$.off", "false")]
    [InlineData("$.items[0].id", "7")]
    [InlineData("$.items[1].id", "second")]
    [InlineData("$.items[1].tags[1]", "b\"c")]
    [InlineData("$['odd name']", "spaced")]
    [InlineData("$[\"items\"][1]['id']", "second")]
    [InlineData("$.escaped", "matched by decoded name")]
    public void Reads_the_value_at_the_path(string path, string expected)
    {
        Assert.True(JsonPath.Compile(path).TryRead(Encoding.UTF8.GetBytes(Body), out var value));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("$.missing")]
    [InlineData("$.items[2]")]
    [InlineData("$.items.id")]
    [InlineData("$.id[0]")]
    [InlineData("$.nothing")]
    [InlineData("$.obj")]
    [InlineData("$.items")]
    [InlineData("$")]
    public void Finds_nothing_where_the_path_leads_nowhere_or_to_no_scalar(string path) =>
        Assert.False(JsonPath.Compile(path).TryRead(Encoding.UTF8.GetBytes(Body), out _));

    [Theory]
    [InlineData("")]
    [InlineData("{\"id\": ")]
    [InlineData("<html>not json</html>")]
    public void Finds_nothing_in_a_body_that_is_not_json(string body) =>
        Assert.False(JsonPath.Compile("$.id").TryRead(Encoding.UTF8.GetBytes(body), out _));

    [Fact]
    public void The_root_itself_can_be_read()
    {
        Assert.True(JsonPath.Compile("$").TryRead("\"just text\""u8, out var value));
        Assert.Equal("just text", value);
    }

    [Theory]
    [InlineData("id", "must start with '$'")]
    [InlineData("$.", "empty member name at character 3")]
    [InlineData("$..id", "empty member name at character 3")]
    [InlineData("$.items[0", "unclosed '['")]
    [InlineData("$.items[x]", "needs an index or a quoted name")]
    [InlineData("$.items[-1]", "needs an index or a quoted name")]
    [InlineData("$id", "unexpected 'i' at character 2")]
    public void Rejects_unsupported_paths(string path, string message)
    {
        var error = Assert.Throws<FormatException>(() => JsonPath.Compile(path));

        Assert.Contains(message, error.Message);
    }
}
