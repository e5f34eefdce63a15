using Modulo.Perf.Engine.Sockets;

namespace Modulo.Perf.Engine.Tests.Sockets;

/// <summary>A fact about the engine's own socket loop, skipped (with the reason) where it is not used.</summary>
public sealed class EpollFactAttribute : FactAttribute
{
    public EpollFactAttribute()
    {
        if (!EpollLoop.IsSupported)
        {
            Skip = "The engine's own socket loop runs on Linux x86-64 only (and not with MODULO_PERF_SOCKETS=dotnet).";
        }
    }
}
