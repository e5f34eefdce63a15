using System.Text.Json;
using Modulo.Perf.Engine.SourceText;

namespace Modulo.Perf.Engine.Scenarios;

/// <summary>
/// Reads a feeder's file: a JSON array of objects when the name ends in <c>.json</c>, CSV with a header row
/// otherwise. A problem inside the file is a <see cref="ConfigurationException"/> at its line and column there.
/// </summary>
internal static class DataFeedFile
{
    public static (IReadOnlyList<string> Columns, IReadOnlyList<string[]> Rows) Read(string path)
    {
        var text = File.ReadAllText(path);
        var (columns, rows) = path.EndsWith(".json", StringComparison.OrdinalIgnoreCase)
            ? ParseJson(path, text)
            : CsvTable.Parse(path, text);
        if (columns.GroupBy(c => c, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } repeated)
        {
            throw new ConfigurationException($"column '{repeated.Key}' is named twice", new SourceLocation(path, 1, 1));
        }

        return (columns, rows);
    }

    // Each object is a row; the first one's properties are the columns, and every other object must have the same.
    // A well-formed file is read directly; only a faulty one is read again with positions, to say where it is wrong
    // (a position per value would cost more memory than the rows themselves).
    private static (IReadOnlyList<string> Columns, IReadOnlyList<string[]> Rows) ParseJson(string path, string text) =>
        ReadWellFormedJson(text) ?? ParseJsonWithPositions(path, text);

    private static (IReadOnlyList<string> Columns, IReadOnlyList<string[]> Rows)? ReadWellFormedJson(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                return null;
            }

            string[]? columns = null;
            var rows = new List<string[]>();
            foreach (var item in document.RootElement.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.Object)
                {
                    return null;
                }

                columns ??= [.. item.EnumerateObject().Select(p => p.Name)];
                var row = new string[columns.Length];
                var count = 0;
                foreach (var property in item.EnumerateObject())
                {
                    var column = Array.IndexOf(columns, property.Name);
                    if (column < 0 || row[column] is not null || ScalarText(property.Value) is not { } value)
                    {
                        return null;
                    }

                    row[column] = value;
                    count++;
                }
                if (count != columns.Length)
                {
                    return null;
                }

                rows.Add(row);
            }
            return (columns ?? [], rows);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? ScalarText(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
        JsonValueKind.Null => "",
        _ => null,
    };

    private static (IReadOnlyList<string> Columns, IReadOnlyList<string[]> Rows) ParseJsonWithPositions(string path, string text)
    {
        var document = SourceDocument.Parse(path, System.Text.Encoding.UTF8.GetBytes(text));
        var root = new ConfigNode(document, document.Root, "", "the data file");
        if (root.Kind != JsonValueKind.Array)
        {
            throw root.Error("a JSON data file must be an array of objects, one per row");
        }

        List<string>? columns = null;
        var rows = new List<string[]>();
        foreach (var item in root.Elements())
        {
            var values = item.Properties().ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal);
            columns ??= [.. values.Keys];
            if (values.Keys.FirstOrDefault(k => !columns.Contains(k)) is { } extra)
            {
                throw values[extra].NameError($"{item.What} has property '{extra}', which the first object does not; every row needs the same columns ({string.Join(", ", columns)})");
            }

            rows.Add([.. columns.Select(column => values.TryGetValue(column, out var value)
                ? ScalarText(value)
                : throw item.Error($"{item.What} has no '{column}'; every row needs the same columns ({string.Join(", ", columns)})"))]);
        }
        return (columns ?? [], rows);
    }

    private static string ScalarText(ConfigNode value) => value.Kind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.Node!.ToJsonString(),
        JsonValueKind.Null => "",
        _ => throw value.Error($"{value.What} must be a string, number, boolean or null, not an object or array"),
    };
}
