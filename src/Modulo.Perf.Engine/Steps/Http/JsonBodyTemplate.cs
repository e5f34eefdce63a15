using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Modulo.Perf.Engine.Scenarios;

namespace Modulo.Perf.Engine.Steps.Http;

/// <summary>
/// A step's JSON body with its placeholders. Inside a longer string a value is escaped as string content
/// (<c>"note {id}"</c>). A string value that is exactly one placeholder (<c>"{id}"</c>) is typed: a captured JSON
/// number or boolean is sent as that literal (<c>5</c>, <c>true</c>), anything else as a JSON string, so an API that
/// expects <c>{"noteId": 5}</c> gets a number and not <c>"5"</c>.
/// </summary>
internal sealed class JsonBodyTemplate
{
    private readonly TemplateString _template;
    /// <summary>For each segment: true when it is a placeholder that is a whole string value (its quotes are not in the literals).</summary>
    private readonly bool[] _typed;
    private readonly string[] _texts;

    public JsonBodyTemplate(JsonNode body)
    {
        var json = body.ToJsonString();
        _template = TemplateString.Parse(json);
        var segments = _template.Segments;
        _texts = [.. segments.Select(s => s.Text)];
        _typed = new bool[segments.Count];
        for (var i = 0; i < segments.Count; i++)
        {
            var segment = segments[i];
            var end = segment.Start + segment.Text.Length + 2;
            // A whole value: a quote right before and after, and not an object key (the compact text puts ':' after a key).
            if (segment.IsVariable && segment.Start > 0 && json[segment.Start - 1] == '"' && end < json.Length && json[end] == '"'
                && (end + 1 >= json.Length || json[end + 1] != ':'))
            {
                _typed[i] = true;
                _texts[i - 1] = _texts[i - 1][..^1];
                if (i + 1 < segments.Count)
                {
                    _texts[i + 1] = _texts[i + 1][1..];
                }
            }
        }
    }

    public bool IsConstant => _template.IsConstant;

    /// <param name="lookup">A variable's value and whether it was captured as a JSON number or boolean literal.</param>
    public byte[] Render(Func<string, (string Value, bool IsJsonLiteral)?> lookup)
    {
        var text = new StringBuilder();
        var segments = _template.Segments;
        for (var i = 0; i < segments.Count; i++)
        {
            if (!segments[i].IsVariable)
            {
                text.Append(_texts[i]);
                continue;
            }
            var (value, literal) = lookup(segments[i].Text) ?? throw new KeyNotFoundException($"variable '{segments[i].Text}' has no value");
            if (_typed[i] && literal)
            {
                text.Append(value);
            }
            else
            {
                var escaped = JsonEncodedText.Encode(value, JavaScriptEncoder.UnsafeRelaxedJsonEscaping).Value;
                text.Append(_typed[i] ? $"\"{escaped}\"" : escaped);
            }
        }
        return Encoding.UTF8.GetBytes(text.ToString());
    }
}
