using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Modulo.Perf.Engine.Scenarios;

namespace Modulo.Perf.Engine.WebSockets;

/// <summary>
/// A send step's JSON message, encoded to UTF-8 once when it has no placeholders, rendered per send otherwise.
/// Placeholders only ever sit inside JSON strings, so values are escaped as string content.
/// </summary>
internal sealed class MessageTemplate
{
    private readonly TemplateString _template;
    private readonly ReadOnlyMemory<byte> _constant;

    public MessageTemplate(JsonNode? message)
    {
        _template = TemplateString.Parse(message?.ToJsonString() ?? "null");
        _constant = _template.IsConstant ? Encoding.UTF8.GetBytes(_template.ToString()) : default;
    }

    /// <exception cref="KeyNotFoundException">A variable has no value.</exception>
    public ReadOnlyMemory<byte> Render(Func<string, string?> lookup) =>
        _template.IsConstant
            ? _constant
            : Encoding.UTF8.GetBytes(_template.Render(name => lookup(name) is { } value ? EscapeJson(value) : null));

    /// <summary>The protocol's subscription messages: <c>{"type":"subscribe","topic":"notes"}</c>.</summary>
    public static byte[] Subscription(string type, string topic)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(64);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("type", type);
            writer.WriteString("topic", topic);
            writer.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    private static string EscapeJson(string value) => JsonEncodedText.Encode(value, JavaScriptEncoder.UnsafeRelaxedJsonEscaping).Value;
}
