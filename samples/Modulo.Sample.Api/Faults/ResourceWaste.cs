using System.Diagnostics;

namespace Modulo.Sample.Api.Faults;

/// <summary>
/// The <c>alloc</c> and <c>cpu</c> effects: work a request does that changes neither its answer nor (much) its
/// latency, so a gate can be shown catching a pure allocation or CPU regression from the service's own counters.
/// </summary>
public static class ResourceWaste
{
    /// <summary>Allocates <paramref name="bytes"/> on the managed heap and drops it: the allocation rate rises, nothing is kept.</summary>
    public static void Allocate(long bytes)
    {
        if (bytes <= 0)
        {
            return;
        }
        // Touching each buffer keeps the JIT from proving the allocation useless.
        var buffer = GC.AllocateUninitializedArray<byte>(checked((int)bytes));
        buffer[^1] = 1;
        GC.KeepAlive(buffer);
    }

    /// <summary>Keeps the request's thread busy for <paramref name="duration"/> of wall time without blocking or yielding.</summary>
    public static void Spin(TimeSpan duration)
    {
        if (duration <= TimeSpan.Zero)
        {
            return;
        }
        var started = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(started) < duration)
        {
            Thread.SpinWait(64);
        }
    }
}
