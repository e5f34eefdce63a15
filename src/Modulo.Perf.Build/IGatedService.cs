namespace Modulo.Perf.Build;

/// <summary>
/// What the engine runs against. Disposing stops whatever the gate started for it, so a
/// <c>using</c> around the load run leaves nothing behind whatever happens inside.
/// </summary>
public interface IGatedService : IDisposable
{
    Uri BaseUrl { get; }

    /// <summary>The process whose runtime counters the engine records during the load, or why it cannot.</summary>
    CounterAttachment Counters { get; }
}
