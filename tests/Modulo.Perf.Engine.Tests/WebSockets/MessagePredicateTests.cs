using System.Text.Json;
using Modulo.Perf.Engine.WebSockets;

namespace Modulo.Perf.Engine.Tests.WebSockets;

/// <summary>The await predicate language: what it accepts, what a compiled predicate matches, and its errors.</summary>
public class MessagePredicateTests
{
    private static readonly Dictionary<string, string> Variables = new() { ["seq"] = "7", ["topic"] = "notes", ["flag"] = "true", ["users.id"] = "12" };

    private static bool Matches(string predicate, string message)
    {
        using var document = JsonDocument.Parse(message);
        return MessagePredicate.Parse(predicate).Bind(Variables.GetValueOrDefault).Matches(document.RootElement);
    }

    [Theory]
    [InlineData("""type == "pong" && id == {seq}""", """{"type":"pong","id":7}""")]
    [InlineData("""type == "pong" && id == {seq}""", """{"type":"pong","id":"7"}""")]
    [InlineData("""type=="pong"&&id==7""", """{"type":"pong","id":7}""")]
    [InlineData("""id == 1.5""", """{"id":1.50}""")]
    [InlineData("""id == -2e3""", """{"id":-2000}""")]
    [InlineData("""id == "{seq}.1" """, """{"id":"7.1"}""")]
    [InlineData("""data.note.id == 3""", """{"data":{"note":{"id":3}}}""")]
    [InlineData("""items.1.name == "b" """, """{"items":[{"name":"a"},{"name":"b"}]}""")]
    [InlineData("""ok == true && gone == false && missing == null""", """{"ok":true,"gone":false,"missing":null}""")]
    [InlineData("""ok == {flag}""", """{"ok":true}""")]
    [InlineData("""type != "error" """, """{"type":"pong"}""")]
    [InlineData("""absent != 1""", """{"type":"pong"}""")]
    [InlineData("""text == "say \"hi\"\n" """, """{"text":"say \"hi\"\n"}""")]
    [InlineData("""topic == {topic}""", """{"topic":"notes"}""")]
    [InlineData("""user == {users.id}""", """{"user":12}""")]
    public void Matches_what_it_says(string predicate, string message) => Assert.True(Matches(predicate, message));

    [Theory]
    [InlineData("""type == "pong" && id == {seq}""", """{"type":"pong","id":8}""")]
    [InlineData("""type == "pong" && id == {seq}""", """{"type":"ping","id":7}""")]
    [InlineData("""id == 7""", """{"id":"7"}""")]
    [InlineData("""id == "7" """, """{"id":7}""")]
    [InlineData("""id == {seq}""", """{"id":[7]}""")]
    [InlineData("""absent == null""", """{"type":"pong"}""")]
    [InlineData("""data.id == 3""", """{"data":[3]}""")]
    [InlineData("""items.2 == 1""", """{"items":[1,1]}""")]
    [InlineData("""type != "pong" """, """{"type":"pong"}""")]
    [InlineData("""ok == {flag}""", """{"ok":"yes"}""")]
    [InlineData("""type == "pong" """, """["type","pong"]""")]
    public void Rejects_what_it_does_not_say(string predicate, string message) => Assert.False(Matches(predicate, message));

    [Theory]
    [InlineData("", "expected a path into the message", 1)]
    [InlineData("type", "expected '==' or '!=' after 'type'", 5)]
    [InlineData("type = \"pong\"", "expected '==' or '!='", 6)]
    [InlineData("type == pong", "'pong' is not a JSON string, number, true, false, null or {variable}", 9)]
    [InlineData("type == \"pong", "unterminated string", 9)]
    [InlineData("type == \"pong\" || id == 1", "expected '&&' or the end of the predicate", 16)]
    [InlineData("type == \"pong\" &&", "expected a path into the message", 18)]
    [InlineData("id == {1x}", "expected {variable}", 7)]
    [InlineData("a..b == 1", "path 'a..b' has an empty member name", 1)]
    [InlineData("id == 01", "'01' is not a JSON string", 7)]
    [InlineData("id ==", "expected a value", 6)]
    public void Explains_errors_with_their_position(string predicate, string error, int column)
    {
        var exception = Assert.Throws<FormatException>(() => MessagePredicate.Parse(predicate));
        Assert.Contains(error, exception.Message);
        Assert.EndsWith($"at character {column}", exception.Message);
    }

    [Fact]
    public void A_variable_without_a_value_cannot_be_bound()
    {
        var predicate = MessagePredicate.Parse("id == {unknown}");
        Assert.Throws<KeyNotFoundException>(() => predicate.Bind(Variables.GetValueOrDefault));
    }

    [Fact]
    public void A_predicate_without_variables_is_bound_once_for_every_await()
    {
        var predicate = MessagePredicate.Parse("""type == "pong" """);
        Assert.Same(predicate.Bind(_ => null), predicate.Bind(Variables.GetValueOrDefault));
        var withVariable = MessagePredicate.Parse("id == {seq}");
        Assert.NotSame(withVariable.Bind(Variables.GetValueOrDefault), withVariable.Bind(Variables.GetValueOrDefault));
    }
}
