using System.Text.RegularExpressions;
using Modulo.Perf.Engine.Http;
using Modulo.Perf.Engine.Scenarios;
using Modulo.Perf.Engine.SourceText;

namespace Modulo.Perf.Engine.Configuration;

/// <summary>
/// Replaces <c>${env:NAME}</c> in header values with the environment variable when the config is loaded,
/// so secrets such as tokens stay out of the file. A variable that is not set, or whose value a header cannot carry,
/// is an error at its reference; the value itself is never shown, as it is usually a secret.
/// </summary>
internal static partial class EnvironmentExpander
{
    /// <summary>The template of <paramref name="text"/> with each reference replaced by its value as literal text.</summary>
    public static TemplateString Expand(ConfigNode node, string text, Func<string, string?> environment)
    {
        var parts = new List<TemplateString>();
        var literalFrom = 0;
        foreach (Match reference in Reference().Matches(text))
        {
            var name = reference.Groups["name"].Value;
            if (environment(name) is not { } value)
            {
                throw node.ErrorAt(reference.Index, $"environment variable '{name}' is not set (used in {node.What})");
            }
            if (RequestRules.UnsendableHeaderCharacter(value) is var bad and >= 0)
            {
                throw node.ErrorAt(reference.Index,
                    $"environment variable '{name}' (used in {node.What}) contains {RequestRules.DescribeCharacter(value, bad)} at character {bad + 1} of its value, which a header cannot carry");
            }
            parts.Add(TemplateString.Parse(text[literalFrom..reference.Index]));
            parts.Add(TemplateString.Literal(value));
            literalFrom = reference.Index + reference.Length;
        }
        parts.Add(TemplateString.Parse(text[literalFrom..]));
        return TemplateString.Concat(parts);
    }

    [GeneratedRegex(@"\$\{env:(?<name>[A-Za-z_][A-Za-z0-9_]*)\}", RegexOptions.CultureInvariant)]
    private static partial Regex Reference();
}
