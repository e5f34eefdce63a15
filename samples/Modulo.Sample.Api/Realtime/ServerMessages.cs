using System.Buffers;
using System.Text.Json;

namespace Modulo.Sample.Api.Realtime;

/// <summary>The server's WebSocket messages, serialized once to UTF-8 so one buffer can go to every subscriber.</summary>
public static class ServerMessages
{
    public static JsonSerializerOptions Json { get; } = JsonSerializerOptions.Web;

    public static ReadOnlyMemory<byte> Event(TopicEvent topicEvent) => JsonSerializer.SerializeToUtf8Bytes(topicEvent, Json);

    /// <summary>The pong echoes the ping's id byte for byte (<c>1.50</c> stays <c>1.50</c>); no id, no id.</summary>
    public static ReadOnlyMemory<byte> Pong(JsonElement? id) => Write(writer =>
    {
        writer.WriteString("type", "pong");
        if (id is { } value)
        {
            writer.WritePropertyName("id");
            writer.WriteRawValue(value.GetRawText(), skipInputValidation: true);
        }
    });

    public static ReadOnlyMemory<byte> Subscribed(string topic) => TopicReply("subscribed", topic);

    public static ReadOnlyMemory<byte> Unsubscribed(string topic) => TopicReply("unsubscribed", topic);

    public static ReadOnlyMemory<byte> Error(string message) => Write(writer =>
    {
        writer.WriteString("type", "error");
        writer.WriteString("message", message);
    });

    private static ReadOnlyMemory<byte> TopicReply(string type, string topic) => Write(writer =>
    {
        writer.WriteString("type", type);
        writer.WriteString("topic", topic);
    });

    private static ReadOnlyMemory<byte> Write(Action<Utf8JsonWriter> writeProperties)
    {
        var buffer = new ArrayBufferWriter<byte>(64);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writeProperties(writer);
            writer.WriteEndObject();
        }

        return buffer.WrittenMemory;
    }
}
