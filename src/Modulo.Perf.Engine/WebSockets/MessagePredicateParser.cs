using System.Text.Json;
using Modulo.Perf.Engine.Scenarios;

namespace Modulo.Perf.Engine.WebSockets;

/// <summary>
/// Reads the await predicate language:
/// <code>
/// predicate = clause *( "&amp;&amp;" clause )
/// clause    = path ( "==" / "!=" ) literal
/// path      = name *( "." name )             ; dotted into the JSON message; a name of digits indexes an array
/// literal   = JSON string / JSON number / true / false / null / "{" variable "}"
/// </code>
/// <c>{var}</c> may also appear inside a string literal (<c>"{seq}.1"</c>). Whitespace between tokens is free.
/// </summary>
internal static class MessagePredicateParser
{
    public static List<PredicateClause> Parse(string text)
    {
        var position = 0;
        var clauses = new List<PredicateClause>();
        while (true)
        {
            clauses.Add(ParseClause(text, ref position));
            SkipWhitespace(text, ref position);
            if (position == text.Length)
            {
                return clauses;
            }

            if (!text.AsSpan(position).StartsWith("&&"))
            {
                throw Error(text, position, "expected '&&' or the end of the predicate");
            }

            position += 2;
        }
    }

    private static PredicateClause ParseClause(string text, ref int position)
    {
        SkipWhitespace(text, ref position);
        var path = ParsePath(text, ref position);
        SkipWhitespace(text, ref position);
        var rest = text.AsSpan(position);
        var equal = rest.StartsWith("==");
        if (!equal && !rest.StartsWith("!="))
        {
            throw Error(text, position, $"expected '==' or '!=' after '{string.Join('.', path)}'");
        }

        position += 2;
        SkipWhitespace(text, ref position);
        return new PredicateClause(path, equal, ParseLiteral(text, ref position));
    }

    private static string[] ParsePath(string text, ref int position)
    {
        var start = position;
        while (position < text.Length && IsPathCharacter(text[position]))
        {
            position++;
        }

        if (position == start)
        {
            throw Error(text, start, "expected a path into the message, such as type or data.id");
        }

        var path = text[start..position].Split('.');
        if (path.Any(segment => segment.Length == 0))
        {
            throw Error(text, start, $"path '{text[start..position]}' has an empty member name");
        }

        return path;
    }

    private static PredicateLiteral ParseLiteral(string text, ref int position)
    {
        if (position == text.Length)
        {
            throw Error(text, position, "expected a value: a JSON string, number, true, false, null or {variable}");
        }

        var start = position;
        switch (text[position])
        {
            case '"':
                return ParseString(text, ref position);
            case '{':
                var close = text.IndexOf('}', position);
                var name = close < 0 ? "" : text[(position + 1)..close];
                if (!TemplateString.IsReference(name))
                {
                    throw Error(text, start, "expected {variable}: a name of letters, digits and underscores in braces (or {feeder.column}, {randInt:MIN-MAX})");
                }

                position = close + 1;
                return new PredicateLiteral(null, name, null);
        }
        while (position < text.Length && !char.IsWhiteSpace(text[position]) && text[position] != '&')
        {
            position++;
        }

        var word = text[start..position];
        return word switch
        {
            "true" => new PredicateLiteral(ExpectedValue.True, null, null),
            "false" => new PredicateLiteral(ExpectedValue.False, null, null),
            "null" => new PredicateLiteral(ExpectedValue.Null, null, null),
            _ when IsJsonNumber(word) && ExpectedValue.OfNumber(word) is { } number => new PredicateLiteral(number, null, null),
            _ => throw Error(text, start, $"'{word}' is not a JSON string, number, true, false, null or {{variable}} (strings need double quotes)"),
        };
    }

    private static PredicateLiteral ParseString(string text, ref int position)
    {
        var start = position++;
        while (position < text.Length && text[position] != '"')
        {
            position += text[position] == '\\' ? 2 : 1;
        }

        if (position >= text.Length)
        {
            throw Error(text, start, "unterminated string");
        }

        position++;
        string value;
        try
        {
            value = JsonSerializer.Deserialize(text[start..position], PredicateStringJson.Default.String)!;
        }
        catch (JsonException)
        {
            throw Error(text, start, "invalid escape in string");
        }
        var template = TemplateString.Parse(value);
        return template.IsConstant
            ? new PredicateLiteral(ExpectedValue.OfString(value), null, null)
            : new PredicateLiteral(null, null, template);
    }

    private static bool IsJsonNumber(string word)
    {
        var reader = new Utf8JsonReader(System.Text.Encoding.UTF8.GetBytes(word));
        try
        {
            return reader.Read() && reader.TokenType == JsonTokenType.Number && !reader.Read();
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static bool IsPathCharacter(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '$' or '.';

    private static void SkipWhitespace(string text, ref int position)
    {
        while (position < text.Length && char.IsWhiteSpace(text[position]))
        {
            position++;
        }
    }

    private static FormatException Error(string text, int position, string message) =>
        new($"match '{text}': {message} at character {position + 1}");
}
