using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json;

namespace Modulo.Perf.Engine.Scenarios;

/// <summary>
/// A compiled capture path such as <c>$.items[0].id</c> or <c>$['odd name']</c>: member names and array indexes
/// from the root. Reading walks the response with <see cref="Utf8JsonReader"/>, skipping what the path does not
/// enter, so no document is built on the request hot path.
/// </summary>
public sealed class JsonPath
{
    // A member step has its UTF-8 name; an index step has a null name.
    private readonly record struct PathStep(byte[]? Member, int Index);

    private readonly PathStep[] _steps;

    public string Text { get; }

    private JsonPath(string text, PathStep[] steps)
    {
        Text = text;
        _steps = steps;
    }

    /// <exception cref="FormatException">The text is not a supported path.</exception>
    public static JsonPath Compile(string text)
    {
        if (!text.StartsWith('$'))
        {
            throw new FormatException($"JSON path '{text}' must start with '$' (e.g. $.id or $.items[0].id)");
        }

        var steps = new List<PathStep>();
        var position = 1;
        while (position < text.Length)
        {
            if (text[position] == '.')
            {
                var start = ++position;
                while (position < text.Length && text[position] != '.' && text[position] != '[')
                {
                    position++;
                }

                if (position == start)
                {
                    throw new FormatException($"JSON path '{text}' has an empty member name at character {start + 1}");
                }

                steps.Add(new PathStep(Encoding.UTF8.GetBytes(text[start..position]), 0));
            }
            else if (text[position] == '[')
            {
                var close = text.IndexOf(']', position);
                if (close < 0)
                {
                    throw new FormatException($"JSON path '{text}' has an unclosed '[' at character {position + 1}");
                }

                steps.Add(ParseBracket(text, text[(position + 1)..close], position));
                position = close + 1;
            }
            else
            {
                throw new FormatException($"JSON path '{text}' has an unexpected '{text[position]}' at character {position + 1}; use .name or [index]");
            }
        }
        return new JsonPath(text, [.. steps]);
    }

    /// <summary>
    /// Reads the value the path points at: a string without its quotes, a number or boolean as its JSON text.
    /// False when the body is not JSON, the path is missing, or the value is null, an object or an array.
    /// </summary>
    public bool TryRead(ReadOnlySpan<byte> utf8Json, [NotNullWhen(true)] out string? value) => TryRead(utf8Json, out value, out _);

    /// <summary>As <see cref="TryRead(ReadOnlySpan{byte}, out string?)"/>; <paramref name="isJsonLiteral"/> tells a number or boolean from a string.</summary>
    public bool TryRead(ReadOnlySpan<byte> utf8Json, [NotNullWhen(true)] out string? value, out bool isJsonLiteral)
    {
        value = null;
        isJsonLiteral = false;
        var reader = new Utf8JsonReader(utf8Json);
        try
        {
            if (!reader.Read())
            {
                return false;
            }

            foreach (var step in _steps)
            {
                if (!(step.Member is null ? EnterIndex(ref reader, step.Index) : EnterMember(ref reader, step.Member)))
                {
                    return false;
                }
            }
            isJsonLiteral = reader.TokenType is JsonTokenType.Number or JsonTokenType.True or JsonTokenType.False;
            value = reader.TokenType switch
            {
                JsonTokenType.String => reader.GetString(),
                JsonTokenType.Number => Encoding.UTF8.GetString(reader.ValueSpan),
                JsonTokenType.True => "true",
                JsonTokenType.False => "false",
                _ => null,
            };
            return value is not null;
        }
        catch (JsonException)
        {
            // A body that is not (complete) JSON simply has nothing to capture.
            return false;
        }
    }

    public override string ToString() => Text;

    private static PathStep ParseBracket(string text, string inside, int position)
    {
        if (inside.Length >= 2 && (inside[0] == '\'' || inside[0] == '"') && inside[^1] == inside[0])
        {
            return new PathStep(Encoding.UTF8.GetBytes(inside[1..^1]), 0);
        }

        if (int.TryParse(inside, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index))
        {
            return new PathStep(null, index);
        }

        throw new FormatException($"JSON path '{text}' needs an index or a quoted name inside the brackets at character {position + 1}");
    }

    // On success the reader is positioned on the member's value.
    private static bool EnterMember(ref Utf8JsonReader reader, byte[] member)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var matches = reader.ValueTextEquals(member);
            reader.Read();
            if (matches)
            {
                return true;
            }

            reader.Skip();
        }
        return false;
    }

    // On success the reader is positioned on the element.
    private static bool EnterIndex(ref Utf8JsonReader reader, int index)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return false;
        }

        for (var i = 0; reader.Read() && reader.TokenType != JsonTokenType.EndArray; i++)
        {
            if (i == index)
            {
                return true;
            }

            reader.Skip();
        }
        return false;
    }
}
