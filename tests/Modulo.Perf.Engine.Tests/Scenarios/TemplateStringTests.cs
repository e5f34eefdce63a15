using System.Buffers;
using Modulo.Perf.Engine.Scenarios;

namespace Modulo.Perf.Engine.Tests.Scenarios;

public class TemplateStringTests
{
    private static readonly Dictionary<string, string> Values = new() { ["id"] = "42", ["seq"] = "7", ["_a1"] = "x", ["users.email"] = "a@x", ["randInt:1-9"] = "5" };

    [Theory]
    [InlineData("/api/notes/{id}", "/api/notes/42", "id")]
    [InlineData("{id}{seq}", "427", "id,seq")]
    [InlineData("{_a1}-{id}-{_a1}", "x-42-x", "_a1,id,_a1")]
    [InlineData("{ not } {1d} {a-b} {} { {id", "{ not } {1d} {a-b} {} { {id", "")]
    [InlineData("${env:TOKEN} {{id}}", "${env:TOKEN} {42}", "id")]
    [InlineData("{users.email}/{randInt:1-9}", "a@x/5", "users.email,randInt:1-9")]
    [InlineData("{a:1} {a.} {a.1} {r:1-} {r:-1} {a.b.c}", "{a:1} {a.} {a.1} {r:1-} {r:-1} {a.b.c}", "")]
    public void Renders_known_variables_and_keeps_other_braces(string template, string rendered, string variables)
    {
        var parsed = TemplateString.Parse(template);

        Assert.Equal(rendered, parsed.Render(Values.GetValueOrDefault));
        Assert.Equal(variables, string.Join(",", parsed.Variables));
        Assert.Equal(variables.Length == 0, parsed.IsConstant);
    }

    [Fact]
    public void A_constant_template_renders_to_the_same_string_instance()
    {
        const string template = "/api/notes";
        var parsed = TemplateString.Parse(template);

        Assert.Same(template, parsed.Render(_ => throw new InvalidOperationException("a constant template looks nothing up")));
    }

    [Fact]
    public void Segments_give_each_variable_its_position()
    {
        var segments = TemplateString.Parse("/a/{id}/b{seq}").Segments;

        Assert.Equal(
            [new TemplateSegment(false, "/a/", 0), new TemplateSegment(true, "id", 3), new TemplateSegment(false, "/b", 7), new TemplateSegment(true, "seq", 9)],
            segments);
    }

    [Fact]
    public void Renders_into_a_buffer_writer()
    {
        var buffer = new ArrayBufferWriter<char>(4);

        TemplateString.Parse("/notes/{id}?n={seq}").Render(buffer, Values.GetValueOrDefault);

        Assert.Equal("/notes/42?n=7", buffer.WrittenSpan.ToString());
    }

    [Fact]
    public void A_variable_without_a_value_is_named_in_the_error()
    {
        var error = Assert.Throws<KeyNotFoundException>(() => TemplateString.Parse("/n/{missing}").Render(Values.GetValueOrDefault));

        Assert.Contains("'missing'", error.Message);
    }

    [Theory]
    [InlineData("id", true)]
    [InlineData("_x9", true)]
    [InlineData("9x", false)]
    [InlineData("a-b", false)]
    [InlineData("a}", false)]
    [InlineData("", false)]
    public void Recognises_variable_names(string name, bool valid) => Assert.Equal(valid, TemplateString.IsVariableName(name));
}
