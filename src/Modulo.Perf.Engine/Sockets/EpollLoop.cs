using System.Net.Sockets;
using System.Runtime.InteropServices;
using static Modulo.Perf.Engine.Sockets.LinuxSocketCalls;

namespace Modulo.Perf.Engine.Sockets;

/// <summary>
/// The engine's own socket event loops for plain HTTP/1.1 on Linux, one thread per core, each waiting on its epoll
/// set the way wrk's threads do. A socket is registered once, edge-triggered, and in the engine's own process a
/// response's continuation (timing, recording, the next request's send) runs right on the loop's thread. Against
/// .NET's socket layer this saves the receive it tries before every wait (<c>EAGAIN</c> 85 % of the time) and its
/// per-operation bookkeeping: 6 % of the CPU per request (docs/performance.md, "The engine's own socket loop").
/// </summary>
internal sealed unsafe class EpollLoop
{
    private const int MaxEventsPerWait = 128;

    /// <summary>
    /// Linux on x86-64, unless <c>MODULO_PERF_SOCKETS=dotnet</c> asks for .NET's sockets (everywhere else they are
    /// used anyway, as for TLS and WebSockets).
    /// </summary>
    public static bool IsSupported { get; } = OperatingSystem.IsLinux()
        && RuntimeInformation.ProcessArchitecture == Architecture.X64
        && Environment.GetEnvironmentVariable("MODULO_PERF_SOCKETS") != "dotnet";

    /// <summary>
    /// Whether a socket's waiter resumes right on the loop's thread: under the switch .NET's own sockets follow
    /// (<c>DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1</c>), which the engine's command line sets for itself.
    /// A process that hosts the engine without it (the tests) gets the thread pool, as from .NET's sockets: code
    /// there may block after an await (write files, wait on a task), and on a loop's thread that would stall every
    /// other socket of the loop.
    /// </summary>
    public static bool InlineCompletions { get; } =
        Environment.GetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS") == "1";

    private static int s_next;

    private readonly int _epoll;

    private EpollLoop(int index)
    {
        _epoll = EpollCreate(EpollCloseOnExec);
        if (_epoll < 0)
        {
            throw Failure(Marshal.GetLastPInvokeError());
        }
        new Thread(Run) { IsBackground = true, Name = $"socket loop {index}" }.UnsafeStart();
    }

    /// <summary>The loops, started on first use; one per core, as .NET's own with inline completions.</summary>
    private static class Loops
    {
        public static readonly EpollLoop[] All = Enumerable.Range(0, Environment.ProcessorCount).Select(i => new EpollLoop(i)).ToArray();
    }

    /// <summary>Registers <paramref name="fd"/> with the next loop in turn, for every readiness change from now on.</summary>
    public static void Register(int fd, ulong data)
    {
        var loops = Loops.All;
        var loop = loops[(uint)Interlocked.Increment(ref s_next) % (uint)loops.Length];
        var interest = new EpollEvent { Events = EpollIn | EpollOut | EpollRdHup | EpollEdgeTriggered, Data = data };
        if (EpollControl(loop._epoll, EpollCtlAdd, fd, &interest) != 0)
        {
            throw Failure(Marshal.GetLastPInvokeError());
        }
    }

    private void Run()
    {
        var events = stackalloc EpollEvent[MaxEventsPerWait];
        // For good: what resumes here captures no ExecutionContext at its next await (Executor.StopContextFlow).
        ExecutionContext.SuppressFlow();
        while (true)
        {
            var count = EpollWait(_epoll, events, MaxEventsPerWait, -1);
            if (count < 0)
            {
                if (LastCallInterrupted())
                {
                    continue;
                }
                throw new SocketException((int)SocketError.SocketError, $"epoll_wait failed: errno {Marshal.GetLastPInvokeError()}");
            }

            for (var i = 0; i < count; i++)
            {
                // A closed socket leaves the set when its descriptor closes; an event already taken for it finds
                // no socket (or a later one in its slot, told apart by the data's other half) and is dropped.
                EpollSocketTable.Find(events[i].Data)?.OnReadinessChanged(events[i].Events);
            }
        }
    }
}
