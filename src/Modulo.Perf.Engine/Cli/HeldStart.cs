using Modulo.Perf.Engine.Configuration;
using Modulo.Perf.Engine.Gate;
using Modulo.Perf.Engine.SourceText;

namespace Modulo.Perf.Engine.Cli;

/// <summary>
/// <c>run --wait-for-release</c>: the engine starts and reads its config (so the runtime's start, the loader and
/// their JIT are behind it), then sends nothing until a line arrives on standard input. The MSBuild gate starts the
/// engine together with the service and releases it once the service's health answers, so the engine's start-up
/// overlaps the service's instead of following it.
/// </summary>
internal static class HeldStart
{
    /// <summary>
    /// True when released, or when the config does not read: the run then reports that at once (exit 3), without
    /// waiting for a service it will never load. False when the input ended or a signal came first: nothing ran
    /// and no report was written, as the caller gave up before the load (its service did not come up).
    /// </summary>
    public static async Task<bool> WaitForReleaseAsync(RunOptions options, RunInterrupt interrupt)
    {
        try
        {
            LoadPlanResolver.Resolve(ConfigLoader.Load(options.ConfigPath), options);
        }
        catch (ConfigurationException)
        {
            return true;
        }
        // The console's reader blocks its caller whatever the token says: read on a pool thread, and let a signal win.
        var release = Task.Run(Console.In.ReadLine);
        var signal = Task.Delay(Timeout.Infinite, interrupt.Token);
        var first = await Task.WhenAny(release, signal).ConfigureAwait(false);
        return first == release && release.Result is not null && interrupt.Signal is null;
    }
}
