using System.Globalization;
using System.Text.RegularExpressions;

namespace Modulo.Perf.Engine.SourceText;

/// <summary>
/// Sizes as people write them: a whole number of bytes, or a number with a unit: <c>B</c>, <c>KB</c>, <c>MB</c>,
/// <c>GB</c> (powers of 1000) or <c>KiB</c>, <c>MiB</c>, <c>GiB</c> (powers of 1024), e.g. <c>16MiB</c> or <c>1.5 MB</c>.
/// </summary>
public static partial class ByteSizeParser
{
    private static readonly Dictionary<string, long> Units = new(StringComparer.OrdinalIgnoreCase)
    {
        ["B"] = 1,
        ["KB"] = 1000,
        ["MB"] = 1000 * 1000,
        ["GB"] = 1000 * 1000 * 1000,
        ["KiB"] = 1024,
        ["MiB"] = 1024 * 1024,
        ["GiB"] = 1024 * 1024 * 1024,
    };

    public static bool TryParse(string text, out long bytes)
    {
        bytes = 0;
        var match = Size().Match(text);
        if (!match.Success || !Units.TryGetValue(match.Groups["unit"].Value is { Length: > 0 } unit ? unit : "B", out var factor) ||
            !decimal.TryParse(match.Groups["number"].Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
        {
            return false;
        }
        var exact = number * factor;
        if (exact > long.MaxValue)
        {
            return false;
        }
        bytes = (long)decimal.Round(exact, MidpointRounding.AwayFromZero);
        return true;
    }

    [GeneratedRegex(@"^\s*(?<number>[0-9]+(\.[0-9]+)?)\s*(?<unit>[A-Za-z]*)\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex Size();
}
