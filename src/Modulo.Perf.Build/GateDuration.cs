using System.Globalization;
using System.Text.RegularExpressions;

namespace Modulo.Perf.Build;

/// <summary>Parses the gate's time properties: <c>500ms</c>, <c>60s</c>, <c>2m</c>, <c>1h</c>, or plain seconds.</summary>
public static partial class GateDuration
{
    [GeneratedRegex(@"^\s*(?<value>\d+(\.\d+)?)\s*(?<unit>ms|s|m|h)?\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex Pattern();

    public static bool TryParse(string text, out TimeSpan duration)
    {
        var match = Pattern().Match(text);
        if (!match.Success)
        {
            duration = default;
            return false;
        }
        var value = double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture);
        duration = match.Groups["unit"].Value.ToLowerInvariant() switch
        {
            "ms" => TimeSpan.FromMilliseconds(value),
            "m" => TimeSpan.FromMinutes(value),
            "h" => TimeSpan.FromHours(value),
            _ => TimeSpan.FromSeconds(value),
        };
        return true;
    }
}
