using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Modulo.Perf.Engine.Gate;

/// <summary>
/// Writes nested maps, lists and scalars as block-style YAML, the way people write Kubernetes manifests. Strings
/// are double-quoted JSON strings (valid YAML with the same escapes), except multi-line text such as an embedded
/// perfgate.json, which becomes a literal block so it stays readable. Map keys are written in insertion order.
/// </summary>
internal static class YamlText
{
    public static string Documents(IEnumerable<IReadOnlyDictionary<string, object?>> documents)
    {
        var yaml = new StringBuilder();
        foreach (var document in documents)
        {
            yaml.Append("---\n");
            WriteMap(yaml, document, 0);
        }
        return yaml.ToString();
    }

    private static void WriteMap(StringBuilder yaml, IReadOnlyDictionary<string, object?> map, int indent)
    {
        foreach (var (key, value) in map)
        {
            yaml.Append(' ', indent).Append(Key(key)).Append(':');
            WriteValue(yaml, value, indent);
        }
    }

    private static void WriteValue(StringBuilder yaml, object? value, int indent)
    {
        switch (value)
        {
            case IReadOnlyDictionary<string, object?> { Count: 0 }:
                yaml.Append(" {}\n");
                break;
            case IReadOnlyDictionary<string, object?> map:
                yaml.Append('\n');
                WriteMap(yaml, map, indent + 2);
                break;
            case IReadOnlyList<object?> { Count: 0 }:
                yaml.Append(" []\n");
                break;
            case IReadOnlyList<object?> list:
                yaml.Append('\n');
                foreach (var item in list)
                {
                    yaml.Append(' ', indent).Append("- ");
                    if (item is IReadOnlyDictionary<string, object?> { Count: > 0 } entry)
                    {
                        // The first key goes on the dash's line; the rest line up under it.
                        var first = true;
                        foreach (var (key, itemValue) in entry)
                        {
                            if (!first)
                            {
                                yaml.Append(' ', indent + 2);
                            }
                            yaml.Append(Key(key)).Append(':');
                            WriteValue(yaml, itemValue, indent + 2);
                            first = false;
                        }
                    }
                    else
                    {
                        yaml.Length--; // the space after the dash: WriteValue puts its own
                        WriteValue(yaml, item, indent + 2);
                    }
                }
                break;
            case string text when IsBlockText(text):
                yaml.Append(text.EndsWith('\n') ? " |\n" : " |-\n");
                foreach (var line in text.TrimEnd('\n').Split('\n'))
                {
                    yaml.Append(line.Length == 0 ? "" : new string(' ', indent + 2) + line).Append('\n');
                }
                break;
            default:
                yaml.Append(' ').Append(Scalar(value)).Append('\n');
                break;
        }
    }

    // A literal block keeps text as it is, provided it has no control characters, does not start with a space
    // (which would need an indentation indicator) and ends in at most one line break.
    private static bool IsBlockText(string text) =>
        text.Contains('\n') && !text.StartsWith(' ') && !text.EndsWith("\n\n", StringComparison.Ordinal)
        && !text.Any(c => char.IsControl(c) && c != '\n' && c != '\t');

    private static string Scalar(object? value) => value switch
    {
        null => "null",
        bool b => b ? "true" : "false",
        int or long => Convert.ToString(value, CultureInfo.InvariantCulture)!,
        string text => Quote(text),
        _ => throw new ArgumentException($"no YAML form for {value.GetType().Name}", nameof(value)),
    };

    // Kubernetes keys (apiVersion, app.kubernetes.io/name, perfgate.json) need no quotes; anything else gets them.
    private static string Key(string key) =>
        key.Length > 0 && char.IsAsciiLetter(key[0]) && key.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-' or '/') ? key : Quote(key);

    private static string Quote(string text) => JsonSerializer.Serialize(text, YamlStringJson.Relaxed.String);
}
