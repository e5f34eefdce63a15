using System.Globalization;
using System.Text.Json;

namespace Modulo.Perf.Engine.WebSockets;

/// <summary>What an await clause compares a message's value with.</summary>
internal enum ExpectedKind
{
    /// <summary>A JSON string literal: matches only a string with the same text.</summary>
    String,
    /// <summary>A JSON number literal: matches a number of the same value (<c>1.50</c> equals <c>1.5</c>).</summary>
    Number,
    True,
    False,
    Null,
    /// <summary>A <c>{var}</c> value: matches a string with that text, or the number or boolean it spells.</summary>
    Text,
}

/// <summary>
/// A literal of an await predicate with its variables already substituted. Comparison never allocates, so a
/// predicate can be tested against every received message on the receive loop.
/// </summary>
internal readonly record struct ExpectedValue(ExpectedKind Kind, string? Text, decimal? Number)
{
    public static ExpectedValue True { get; } = new(ExpectedKind.True, null, null);
    public static ExpectedValue False { get; } = new(ExpectedKind.False, null, null);
    public static ExpectedValue Null { get; } = new(ExpectedKind.Null, null, null);

    public static ExpectedValue OfString(string text) => new(ExpectedKind.String, text, null);

    /// <summary>A number literal; null when the text is not a number a message could carry.</summary>
    public static ExpectedValue? OfNumber(string text) =>
        ParseNumber(text) is { } number ? new ExpectedValue(ExpectedKind.Number, text, number) : null;

    /// <summary>A variable's value, which may be compared with a string or, when it spells one, a number or boolean.</summary>
    public static ExpectedValue OfText(string text) => new(ExpectedKind.Text, text, ParseNumber(text));

    public bool Matches(JsonElement value) => Kind switch
    {
        ExpectedKind.String => value.ValueKind == JsonValueKind.String && value.ValueEquals(Text),
        ExpectedKind.Number => value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var number) && number == Number,
        ExpectedKind.True => value.ValueKind == JsonValueKind.True,
        ExpectedKind.False => value.ValueKind == JsonValueKind.False,
        ExpectedKind.Null => value.ValueKind == JsonValueKind.Null,
        _ => value.ValueKind switch
        {
            JsonValueKind.String => value.ValueEquals(Text),
            JsonValueKind.Number => Number is { } expected && value.TryGetDecimal(out var actual) && actual == expected,
            JsonValueKind.True => Text == "true",
            JsonValueKind.False => Text == "false",
            _ => false,
        },
    };

    public override string ToString() => Kind switch
    {
        ExpectedKind.String => JsonSerializer.Serialize(Text, PredicateStringJson.Default.String),
        ExpectedKind.True => "true",
        ExpectedKind.False => "false",
        ExpectedKind.Null => "null",
        _ => Text!,
    };

    private static decimal? ParseNumber(string text) =>
        decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent,
            CultureInfo.InvariantCulture, out var number) ? number : null;
}
