namespace Modulo.Perf.Engine.Sockets;

/// <summary>
/// What an epoll event's data points at: a slot of this table and the registration's number, instead of a GC
/// handle, so an event that arrives after its socket was closed on another thread finds nothing rather than freed
/// memory. Slots are reused; the number tells a slot's current socket from a closed one's.
/// </summary>
internal static class EpollSocketTable
{
    private static readonly Lock s_lock = new();
    private static readonly Stack<int> s_free = new();
    private static EpollSocket?[] s_sockets = new EpollSocket?[64];
    private static int s_used;
    private static uint s_registrations;

    /// <summary>Takes a slot for <paramref name="socket"/>; returns the event data that finds it.</summary>
    public static ulong Add(EpollSocket socket)
    {
        lock (s_lock)
        {
            if (!s_free.TryPop(out var slot))
            {
                slot = s_used++;
                if (slot == s_sockets.Length)
                {
                    var larger = new EpollSocket?[s_sockets.Length * 2];
                    s_sockets.CopyTo(larger, 0);
                    Volatile.Write(ref s_sockets, larger);
                }
            }
            // Never 0 in the upper half, not even after 2^32 registrations: a socket's Registration of 0 means "none".
            if (++s_registrations == 0)
            {
                s_registrations = 1;
            }
            var data = (ulong)s_registrations << 32 | (uint)slot;
            socket.Registration = data;
            Volatile.Write(ref s_sockets[slot], socket);
            return data;
        }
    }

    public static void Remove(ulong data)
    {
        lock (s_lock)
        {
            var slot = (int)(uint)data;
            if (s_sockets[slot]?.Registration == data)
            {
                s_sockets[slot] = null;
                s_free.Push(slot);
            }
        }
    }

    public static EpollSocket? Find(ulong data)
    {
        var sockets = Volatile.Read(ref s_sockets);
        var slot = (uint)data;
        var socket = slot < (uint)sockets.Length ? Volatile.Read(ref sockets[slot]) : null;
        return socket?.Registration == data ? socket : null;
    }
}
