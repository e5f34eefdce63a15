using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace Modulo.Perf.Engine.Execution;

/// <summary>
/// Loads before the first load what the metrics path would otherwise load lazily mid-run. Loading an assembly opens
/// its file, and with every descriptor taken by connections (EMFILE) that load fails: HdrHistogram, built for
/// netstandard, first touches a facade (System.Threading.Tasks) only when a recorder flip has to wait, which turned
/// descriptor exhaustion into an internal error instead of counted failures. Only HdrHistogram's direct references:
/// loading the engine's whole closure this way kept some 240 descriptors open for the rest of the process, the very
/// resource this protects. Once per process.
/// </summary>
internal static class AssemblyPreload
{
    private static readonly Lazy<bool> s_loaded = new(LoadHistogramReferences);

    public static void EnsureLoaded() => _ = s_loaded.Value;

    [UnconditionalSuppressMessage("Trimming", "IL2026:GetReferencedAssemblies",
        Justification = "The only trimmed engine is the NativeAOT one, which returns first; a reference a trimmer removed would be one nothing calls, and its failed load is caught.")]
    private static bool LoadHistogramReferences()
    {
        // Under NativeAOT (no dynamic code) everything is compiled into the executable: there are no assembly files
        // to open mid-run, so nothing to preload, and Assembly.Load would throw PlatformNotSupportedException.
        if (!RuntimeFeature.IsDynamicCodeSupported)
        {
            return true;
        }
        foreach (var reference in typeof(HdrHistogram.LongHistogram).Assembly.GetReferencedAssemblies())
        {
            try
            {
                Assembly.Load(reference);
            }
            catch (Exception e) when (e is FileNotFoundException or FileLoadException or BadImageFormatException)
            {
                // A reference this runtime does not have is one the histogram never calls here either.
            }
        }
        return true;
    }
}
