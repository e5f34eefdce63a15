using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Modulo.Perf.Engine.Sockets;

/// <summary>
/// The libc calls <see cref="EpollLoop"/> and <see cref="EpollSocket"/> make, with the constants of Linux on x86-64
/// (the only platform <see cref="EpollLoop.IsSupported"/> admits: the layout of <see cref="EpollEvent"/> is its).
/// </summary>
internal static unsafe partial class LinuxSocketCalls
{
    /// <summary><c>struct epoll_event</c>, which x86-64 packs: 12 bytes, the data at offset 4.</summary>
    [StructLayout(LayoutKind.Sequential, Pack = 4)]
    public struct EpollEvent
    {
        public uint Events;
        public ulong Data;
    }

    public const uint EpollIn = 0x001;
    public const uint EpollOut = 0x004;
    public const uint EpollErr = 0x008;
    public const uint EpollHup = 0x010;
    public const uint EpollRdHup = 0x2000;
    public const uint EpollEdgeTriggered = 1u << 31;
    public const int EpollCtlAdd = 1;
    public const int EpollCloseOnExec = 0x80000;
    public const int MsgNoSignal = 0x4000;
    public const int ShutdownBoth = 2;

    private const int EIntr = 4;
    private const int EAgain = 11;

    [LibraryImport("libc", EntryPoint = "epoll_create1", SetLastError = true)]
    public static partial int EpollCreate(int flags);

    [LibraryImport("libc", EntryPoint = "epoll_ctl", SetLastError = true)]
    public static partial int EpollControl(int epoll, int operation, int fd, EpollEvent* interest);

    [LibraryImport("libc", EntryPoint = "epoll_wait", SetLastError = true)]
    public static partial int EpollWait(int epoll, EpollEvent* events, int maxEvents, int timeoutMilliseconds);

    // Send and receive, once per request each, never block (the sockets are non-blocking), so they skip the GC
    // transition. Nor does the marshaller save their errno (SetLastError: two more calls and a thread-static write
    // per call, for the rare failure): a failed call's errno is read straight after it (LastCallWouldBlock), as
    // the marshaller itself reads it; the runtime keeps errno across a GC suspension at the call's return.

    [LibraryImport("libc", EntryPoint = "send"), SuppressGCTransition]
    public static partial nint Send(int fd, byte* buffer, nint length, int flags);

    [LibraryImport("libc", EntryPoint = "recv"), SuppressGCTransition]
    public static partial nint Receive(int fd, byte* buffer, nint length, int flags);

    [LibraryImport("libc", EntryPoint = "shutdown", SetLastError = true)]
    public static partial int Shutdown(int fd, int how);

    /// <summary>
    /// The errno of a <see cref="Send"/> or <see cref="Receive"/> that just failed says "try again later" (the
    /// socket is not ready; EWOULDBLOCK is the same number).
    /// </summary>
    public static bool LastCallWouldBlock(out int errno)
    {
        errno = Marshal.GetLastSystemError();
        return errno == EAgain;
    }

    /// <summary>The last call was interrupted by a signal and may simply be repeated.</summary>
    public static bool LastCallInterrupted() => Marshal.GetLastPInvokeError() == EIntr;

    /// <summary>
    /// The exception .NET's own sockets throw for the same errno, so failures classify alike on both paths
    /// (<c>SocketFailures</c>): <see cref="SocketException"/> takes a <see cref="SocketError"/>, not an errno.
    /// </summary>
    public static SocketException Failure(int errno) => new((int)(errno switch
    {
        32 => SocketError.Shutdown, // EPIPE, as .NET maps it
        100 => SocketError.NetworkDown,
        101 => SocketError.NetworkUnreachable,
        103 => SocketError.ConnectionAborted,
        104 => SocketError.ConnectionReset,
        107 => SocketError.NotConnected,
        110 => SocketError.TimedOut,
        111 => SocketError.ConnectionRefused,
        113 => SocketError.HostUnreachable,
        _ => SocketError.SocketError,
    }));
}
