using System.Buffers;
using System.Text.Json;

namespace Modulo.Perf.Engine.WebSockets;

/// <summary>
/// One message as the receive loop read it: parsed once, in place, over a pooled buffer that goes back to the
/// pool when the message is disposed (matched, evicted, or its connection closed).
/// </summary>
internal sealed class ReceivedMessage : IDisposable
{
    private byte[]? _buffer;
    private readonly JsonDocument? _document;

    /// <param name="buffer">Rented from <see cref="ArrayPool{T}.Shared"/>; this message returns it.</param>
    /// <param name="length">Bytes of JSON text in the buffer; 0 for a message that is not JSON text.</param>
    public ReceivedMessage(byte[] buffer, int length, long arrivedAt, long lastSendAt)
    {
        _buffer = buffer;
        ArrivedAt = arrivedAt;
        LastSendAt = lastSendAt;
        try
        {
            // The document reads the pooled buffer without copying it, so both live exactly as long as this message.
            _document = length > 0 ? JsonDocument.Parse(buffer.AsMemory(0, length)) : null;
        }
        catch (JsonException)
        {
            // Not JSON: counted as received, but no predicate can match it.
        }
    }

    /// <summary>Stopwatch timestamp taken when the last frame of the message was read.</summary>
    public long ArrivedAt { get; }

    /// <summary>Stopwatch timestamp of the session's most recent send before this message arrived; 0 if none.</summary>
    public long LastSendAt { get; }

    /// <summary>The parsed message, or null when it was not JSON.</summary>
    public JsonElement? Root => _document?.RootElement;

    public void Dispose()
    {
        _document?.Dispose();
        if (Interlocked.Exchange(ref _buffer, null) is { } buffer)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
