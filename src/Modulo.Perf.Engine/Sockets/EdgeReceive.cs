using static Modulo.Perf.Engine.Sockets.LinuxSocketCalls;

namespace Modulo.Perf.Engine.Sockets;

/// <summary>
/// A socket's receives, each made only after epoll reported data: right after a request was sent nothing has
/// arrived yet, and trying anyway would cost a system call for nothing. When the reader is already waiting, the
/// loop's thread receives at the edge and resumes it with the count, so the reader's await is the only one.
/// </summary>
internal sealed class EdgeReceive(int fd) : EdgeTriggeredOperation<int>
{
    private Memory<byte> _buffer;

    /// <summary>Receives what has arrived into <paramref name="buffer"/>, once something has; 0 at end of stream.</summary>
    public ValueTask<int> ReceiveAsync(Memory<byte> buffer)
    {
        _buffer = buffer;
        return WhenReadyAsync();
    }

    protected override unsafe bool TryComplete(out int result)
    {
        var buffer = _buffer.Span;
        long received;
        fixed (byte* start = buffer)
        {
            received = Receive(fd, start, buffer.Length, 0);
        }
        if (received < 0)
        {
            if (LastCallWouldBlock(out var errno))
            {
                result = 0;
                return false;
            }
            throw Failure(errno);
        }
        // A full buffer may have left bytes behind, and their edge has passed: the next receive must try.
        if (received == buffer.Length)
        {
            KeepReady();
        }
        // The buffer is the connection's, returned to its pool when the connection goes: not held past the call.
        _buffer = default;
        result = (int)received;
        return true;
    }
}
