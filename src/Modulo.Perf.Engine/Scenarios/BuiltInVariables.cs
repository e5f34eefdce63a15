using System.Globalization;

namespace Modulo.Perf.Engine.Scenarios;

/// <summary>
/// The variables every step may use without capturing them (docs/configuration.md, "Variables"). Together they
/// make values that no other VU, iteration or run produces: <c>u{run}-{vu}-{iter}@x.test</c>.
/// </summary>
public static class BuiltInVariables
{
    /// <summary>The VU's iteration number, counting from 1 (the oldest variable, kept as it was).</summary>
    public const string Sequence = "seq";
    /// <summary>The VU's number, counting from 1 (k6's <c>__VU</c>); 0 in the run's own setup and teardown.</summary>
    public const string VirtualUser = "vu";
    /// <summary>The VU's iteration, counting from 0 (k6's <c>__ITER</c>).</summary>
    public const string Iteration = "iter";
    /// <summary>A short id drawn once per run, the same for every VU.</summary>
    public const string Run = "run";
    /// <summary>A new random UUID at every use.</summary>
    public const string Uuid = "uuid";
    /// <summary>The current time, ISO 8601 in UTC with milliseconds.</summary>
    public const string Now = "now";
    /// <summary>The current time in milliseconds since 1970-01-01 UTC.</summary>
    public const string UnixMs = "unixMs";
    /// <summary>A random whole number between two bounds, both included: <c>{randInt:1-1000}</c>.</summary>
    public const string RandInt = "randInt";

    public static IReadOnlyList<string> Names { get; } = [Sequence, VirtualUser, Iteration, Run, Uuid, Now, UnixMs];

    /// <summary>How the names read in messages and docs, the range one included.</summary>
    public static IReadOnlyList<string> Usage { get; } = [.. Names.Select(n => $"{{{n}}}"), $"{{{RandInt}:MIN-MAX}}"];

    /// <summary>Reads <c>randInt:MIN-MAX</c>; false for any other reference or a bound beyond a 32-bit integer.</summary>
    public static bool TryParseRandInt(ReadOnlySpan<char> reference, out int minimum, out int maximum)
    {
        minimum = maximum = 0;
        if (!reference.StartsWith(RandInt + ":", StringComparison.Ordinal))
        {
            return false;
        }

        var range = reference[(RandInt.Length + 1)..];
        var dash = range.IndexOf('-');
        return dash > 0
            && int.TryParse(range[..dash], NumberStyles.None, CultureInfo.InvariantCulture, out minimum)
            && int.TryParse(range[(dash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out maximum);
    }
}
