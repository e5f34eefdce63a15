using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Unicode;

namespace Modulo.Perf.Engine.SourceText;

/// <summary>
/// A JSON file parsed into a <see cref="JsonNode"/> tree that remembers where every value and property name
/// was written. System.Text.Json gives no positions for values, so the file is read once with
/// <see cref="Utf8JsonReader"/> and each token's byte offset is stored under its JSON pointer.
/// Comments and trailing commas are accepted, as editors do.
/// </summary>
internal sealed class SourceDocument
{
    private static readonly byte[] Utf8Bom = [0xEF, 0xBB, 0xBF];

    private readonly byte[] _text;
    private readonly int[] _lineStarts;
    // Offsets point at the first character inside the quotes for strings, at the token otherwise.
    private readonly Dictionary<string, int> _valueOffsets = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _nameOffsets = new(StringComparer.Ordinal);
    private const int CheckpointInterval = 1024;
    private readonly int[] _charactersAtCheckpoint;

    public string Path { get; }
    public JsonNode? Root { get; }

    private SourceDocument(string path, byte[] text)
    {
        Path = path;
        _text = text;
        _lineStarts = FindLineStarts(text);
        _charactersAtCheckpoint = CountCharactersAtCheckpoints(text);
        RejectInvalidUtf8();
        Root = Read();
    }

    /// <summary>Parses the file's bytes; malformed JSON becomes a <see cref="ConfigurationException"/> with its position.</summary>
    public static SourceDocument Parse(string path, ReadOnlySpan<byte> utf8)
    {
        // The byte order mark is no column in an editor, so positions are counted without it.
        if (utf8.StartsWith(Utf8Bom))
        {
            utf8 = utf8[Utf8Bom.Length..];
        }

        return new SourceDocument(path, utf8.ToArray());
    }

    public static string ChildPointer(string parent, string propertyName) =>
        $"{parent}/{propertyName.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal)}";

    public static string ChildPointer(string parent, int index) => $"{parent}/{index}";

    /// <summary>Where the value at <paramref name="pointer"/> starts (inside the quotes for a string).</summary>
    public SourceLocation ValueLocation(string pointer) => LocationOf(_valueOffsets[pointer]);

    /// <summary>Where the name of the property at <paramref name="pointer"/> starts, inside its quotes.</summary>
    public SourceLocation NameLocation(string pointer) => LocationOf(_nameOffsets[pointer]);

    /// <summary>
    /// Where character <paramref name="index"/> of the decoded string at <paramref name="pointer"/> was written,
    /// stepping over escape sequences so a position inside <c>"a\"{id}"</c> still lands on the brace.
    /// </summary>
    public SourceLocation LocationInString(string pointer, int index)
    {
        var offset = _valueOffsets[pointer];
        for (var decoded = 0; decoded < index;)
        {
            if (_text[offset] == '\\')
            {
                offset += _text[offset + 1] == 'u' ? 6 : 2;
                decoded++;
            }
            else
            {
                var length = Utf8SequenceLength(_text[offset]);
                offset += length;
                // A four-byte sequence decodes to a surrogate pair: two chars of the string.
                decoded += length == 4 ? 2 : 1;
            }
        }
        return LocationOf(offset);
    }

    /// <summary>The JSON reader would only fail on invalid UTF-8 when a string is decoded, without a position.</summary>
    private void RejectInvalidUtf8()
    {
        if (Utf8.IsValid(_text))
        {
            return;
        }
        var remaining = _text.AsSpan();
        while (Rune.DecodeFromUtf8(remaining, out _, out var consumed) == OperationStatus.Done)
        {
            remaining = remaining[consumed..];
        }
        throw new ConfigurationException("invalid UTF-8: the file must be saved as UTF-8 text", LocationOf(_text.Length - remaining.Length));
    }

    private JsonNode? Read()
    {
        var reader = new Utf8JsonReader(_text, new JsonReaderOptions
        {
            CommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = true,
        });
        try
        {
            // On an empty file Read() throws "the input does not contain any JSON tokens".
            reader.Read();
            var root = ReadValue(ref reader, "");
            // A second top-level value is malformed; Read() throws for it.
            reader.Read();
            return root;
        }
        catch (JsonException e)
        {
            var line = (int)(e.LineNumber ?? 0);
            var offset = Math.Min(_text.Length, _lineStarts[Math.Min(line, _lineStarts.Length - 1)] + (int)(e.BytePositionInLine ?? 0));
            throw new ConfigurationException($"invalid JSON: {WithoutPosition(e.Message)}", LocationOf(offset));
        }
    }

    private JsonNode? ReadValue(ref Utf8JsonReader reader, string pointer)
    {
        var start = (int)reader.TokenStartIndex;
        _valueOffsets[pointer] = reader.TokenType == JsonTokenType.String ? start + 1 : start;
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                var obj = new JsonObject();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                {
                    var name = reader.GetString()!;
                    var child = ChildPointer(pointer, name);
                    _nameOffsets[child] = (int)reader.TokenStartIndex + 1;
                    if (obj.ContainsKey(name))
                    {
                        throw new ConfigurationException($"duplicate property '{name}'", NameLocation(child));
                    }

                    reader.Read();
                    obj[name] = ReadValue(ref reader, child);
                }
                return obj;
            case JsonTokenType.StartArray:
                var array = new JsonArray();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    array.Add(ReadValue(ref reader, ChildPointer(pointer, array.Count)));
                }

                return array;
            case JsonTokenType.String:
                return JsonValue.Create(reader.GetString());
            case JsonTokenType.Number:
                // Kept as the element so the number's text survives unchanged (a body is sent as written).
                return JsonValue.Create(JsonElement.ParseValue(ref reader));
            case JsonTokenType.True:
            case JsonTokenType.False:
                return JsonValue.Create(reader.GetBoolean());
            default:
                return null;
        }
    }

    private SourceLocation LocationOf(int offset)
    {
        var line = Array.BinarySearch(_lineStarts, offset);
        if (line < 0)
        {
            line = ~line - 1;
        }

        return new SourceLocation(Path, line + 1, CharactersBefore(offset) - CharactersBefore(_lineStarts[line]) + 1);
    }

    /// <summary>
    /// Characters (not bytes: UTF-8 continuation bytes 10xxxxxx are skipped) before <paramref name="offset"/>, counted
    /// from the nearest checkpoint, so a column costs the same on a config written on one long line (generated ones
    /// are) as on a short line, and loading stays linear in the size of the file.
    /// </summary>
    private int CharactersBefore(int offset)
    {
        var checkpoint = offset / CheckpointInterval;
        var count = _charactersAtCheckpoint[checkpoint];
        for (var i = checkpoint * CheckpointInterval; i < offset; i++)
        {
            if ((_text[i] & 0xC0) != 0x80)
            {
                count++;
            }
        }
        return count;
    }

    private static int[] CountCharactersAtCheckpoints(byte[] text)
    {
        var checkpoints = new int[text.Length / CheckpointInterval + 1];
        var count = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (i % CheckpointInterval == 0)
            {
                checkpoints[i / CheckpointInterval] = count;
            }
            if ((text[i] & 0xC0) != 0x80)
            {
                count++;
            }
        }
        if (text.Length % CheckpointInterval == 0)
        {
            checkpoints[^1] = count;
        }
        return checkpoints;
    }

    private static int[] FindLineStarts(byte[] text)
    {
        var starts = new List<int> { 0 };
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                starts.Add(i + 1);
            }
        }
        return [.. starts];
    }

    private static int Utf8SequenceLength(byte first) => first switch
    {
        < 0x80 => 1,
        < 0xE0 => 2,
        < 0xF0 => 3,
        _ => 4,
    };

    // JsonException messages end with "LineNumber: 2 | BytePositionInLine: 10."; the location says that better.
    private static string WithoutPosition(string message)
    {
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return cut < 0 ? message : message[..cut].TrimEnd();
    }
}
