using System.Text.RegularExpressions;
using Modulo.Perf.Engine.SourceText;

namespace Modulo.Perf.Engine.Configuration;

/// <summary>
/// Replaces <c>${env:NAME}</c> in header values with the environment variable when the config is loaded,
/// so secrets such as tokens stay out of the file. A variable that is not set is an error at its position.
/// </summary>
internal static partial class EnvironmentExpander
{
    public static string Expand(ConfigNode node, string text, Func<string, string?> environment)
    {
        foreach (Match reference in Reference().Matches(text))
        {
            if (environment(reference.Groups["name"].Value) is null)
            {
                throw node.ErrorAt(reference.Index, $"environment variable '{reference.Groups["name"].Value}' is not set (used in {node.What})");
            }
        }
        return Reference().Replace(text, reference => environment(reference.Groups["name"].Value)!);
    }

    [GeneratedRegex(@"\$\{env:(?<name>[A-Za-z_][A-Za-z0-9_]*)\}", RegexOptions.CultureInvariant)]
    private static partial Regex Reference();
}
