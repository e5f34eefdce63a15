using System.Diagnostics;
using Modulo.Perf.Engine.Http;

namespace Modulo.Perf.Engine.Tests.Http;

/// <summary>
/// A fact that only means something when the engine is compiled with optimizations: in a Debug build the C# compiler
/// emits async state machines as classes, so every await allocates whatever the code does. Skipped (with the
/// reason shown) in Debug; run with <c>dotnet test -c Release</c>.
/// </summary>
public sealed class OptimizedBuildFactAttribute : FactAttribute
{
    public OptimizedBuildFactAttribute()
    {
        var debuggable = (DebuggableAttribute?)Attribute.GetCustomAttribute(typeof(HttpTransportFactory).Assembly, typeof(DebuggableAttribute));
        if (debuggable?.IsJITOptimizerDisabled == true)
        {
            Skip = "The engine is a Debug build, whose async state machines are classes: run with -c Release to measure allocations.";
        }
    }
}
