namespace Modulo.Perf.Engine.SourceText;

/// <summary>
/// Collects the errors of independent parts of a configuration (each top-level setting, profile, step and
/// threshold), so one pass reports every mistake instead of the first: a gate that takes minutes to start should
/// not make people fix one typo per run. A part that failed reads as missing; its error is kept.
/// </summary>
public sealed class ConfigurationErrors
{
    private readonly List<ConfigurationException> _errors = [];

    /// <summary>The part's value, or default when it was invalid (its errors are kept).</summary>
    public T? Read<T>(Func<T> read)
    {
        try
        {
            return read();
        }
        catch (ConfigurationException e)
        {
            _errors.AddRange(e.All);
            return default;
        }
    }

    /// <summary>Throws one exception carrying every error collected, if there was any.</summary>
    public void ThrowIfAny()
    {
        if (_errors.Count > 0)
        {
            // In file order, as a compiler lists them.
            var ordered = _errors.OrderBy(e => e.Location?.Line ?? 0).ThenBy(e => e.Location?.Column ?? 0).ToList();
            throw ordered.Count == 1 ? ordered[0] : new ConfigurationException(ordered);
        }
    }
}
