namespace Modulo.Perf.Build;

/// <summary>Parses <c>PerfGateServiceEnvironment</c>: <c>KEY=VALUE;KEY2=VALUE2</c>, the variables given to the service.</summary>
public static class ServiceEnvironment
{
    /// <summary>Returns the variables, or the first malformed entry in <paramref name="invalidEntry"/>.</summary>
    public static IReadOnlyDictionary<string, string> Parse(string? text, out string? invalidEntry)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        invalidEntry = null;
        foreach (var entry in (text ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var separator = entry.IndexOf('=');
            if (separator <= 0)
            {
                invalidEntry = entry;
                return variables;
            }
            variables[entry[..separator].Trim()] = entry[(separator + 1)..];
        }
        return variables;
    }

    /// <summary>The variables for one build of an interleaved comparison: <c>{role}</c> becomes <c>base</c> or <c>head</c>, so each keeps its own state.</summary>
    public static IReadOnlyDictionary<string, string> ForRole(IReadOnlyDictionary<string, string> variables, string role) =>
        variables.ToDictionary(v => v.Key, v => v.Value.Replace("{role}", role, StringComparison.Ordinal), StringComparer.Ordinal);
}
