using System.Globalization;

namespace Modulo.Sample.Api.Faults;

/// <summary>
/// The parsed <c>Faults</c> setting: <c>[METHOD ]ROUTE=effect[,effect]</c> rules separated by <c>;</c>, where
/// ROUTE is an endpoint's route template as written (<c>/api/notes/{id}</c>) or <c>*</c>, and an effect is
/// <c>delay:250ms</c>, <c>jitter:20ms</c>, <c>error:0.1</c>, <c>alloc:64KB</c> or <c>cpu:2ms</c>.
/// </summary>
public sealed class FaultPlan
{
    private const string EffectExamples = "delay:250ms, jitter:20ms, error:0.1, alloc:64KB or cpu:2ms";

    private FaultPlan(IReadOnlyList<FaultRule> rules) => Rules = rules;

    public IReadOnlyList<FaultRule> Rules { get; }

    /// <summary>Parses the setting; empty or missing means no faults.</summary>
    /// <exception cref="FaultsConfigurationException">The text does not follow the grammar.</exception>
    public static FaultPlan Parse(string? text)
    {
        var rules = (text ?? "")
            .Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(ParseRule)
            .ToList();
        return new FaultPlan(rules);
    }

    /// <summary>The combined effect of every rule that matches the request.</summary>
    public FaultEffect EffectFor(string method, string routeTemplate) =>
        Rules.Where(rule => rule.Matches(method, routeTemplate))
            .Aggregate(FaultEffect.None, (combined, rule) => combined.CombineWith(rule.Effect));

    /// <summary>Fails when a rule names a route no endpoint has: a typo would otherwise silently inject nothing.</summary>
    public void EnsureRoutesExist(IReadOnlyCollection<string> routeTemplates)
    {
        foreach (var rule in Rules.Where(rule => rule.Route != FaultRule.AnyRoute))
        {
            if (!routeTemplates.Contains(rule.Route, StringComparer.OrdinalIgnoreCase))
            {
                throw new FaultsConfigurationException(
                    $"Faults: no endpoint has the route '{rule.Route}'; routes are {string.Join(", ", routeTemplates.Order())} or *.");
            }
        }
    }

    private static FaultRule ParseRule(string ruleText)
    {
        var equals = ruleText.IndexOf('=');
        if (equals < 0)
        {
            throw Invalid(ruleText, "expected [METHOD ]ROUTE=effect[,effect]");
        }

        var target = ruleText[..equals].Trim();
        var (method, route) = target.Split(' ', StringSplitOptions.RemoveEmptyEntries) switch
        {
            [var onlyRoute] => (null, onlyRoute),
            [var verb, var withRoute] => (ParseMethod(ruleText, verb), withRoute),
            _ => throw Invalid(ruleText, "expected a route, optionally preceded by an HTTP method and a space"),
        };
        if (route != FaultRule.AnyRoute && !route.StartsWith('/'))
        {
            throw Invalid(ruleText, $"route '{route}' must start with '/' or be '*'");
        }

        var effectTexts = ruleText[(equals + 1)..].Split(',', StringSplitOptions.TrimEntries);
        if (effectTexts is [""])
        {
            throw Invalid(ruleText, $"no effect after '='; expected {EffectExamples}");
        }

        var effect = effectTexts
            .Select(effectText => ParseEffect(ruleText, effectText))
            .Aggregate(FaultEffect.None, (combined, next) => combined.CombineWith(next));
        return new FaultRule(method, route, effect);
    }

    private static string ParseMethod(string ruleText, string method) =>
        method.All(char.IsAsciiLetter)
            ? method.ToUpperInvariant()
            : throw Invalid(ruleText, $"'{method}' is not an HTTP method");

    private static FaultEffect ParseEffect(string ruleText, string effectText)
    {
        var colon = effectText.IndexOf(':');
        var name = colon < 0 ? effectText : effectText[..colon].Trim();
        var value = colon < 0 ? "" : effectText[(colon + 1)..].Trim();
        return name switch
        {
            "delay" => FaultEffect.None with { Delay = ParseDuration(ruleText, value) },
            "jitter" => FaultEffect.None with { Jitter = ParseDuration(ruleText, value) },
            "error" => FaultEffect.None with { ErrorRate = ParseShare(ruleText, value) },
            "alloc" => FaultEffect.None with { AllocationBytes = ParseSize(ruleText, value) },
            "cpu" => FaultEffect.None with { Spin = ParseDuration(ruleText, value) },
            _ => throw Invalid(ruleText, $"unknown effect '{effectText}'; expected {EffectExamples}"),
        };
    }

    /// <summary>A non-negative number of milliseconds (<c>250ms</c>) or seconds (<c>1.5s</c>).</summary>
    private static TimeSpan ParseDuration(string ruleText, string value)
    {
        var (number, unit) = value.EndsWith("ms", StringComparison.Ordinal) ? (value[..^2], 1.0)
            : value.EndsWith('s') ? (value[..^1], 1000.0)
            : (value, double.NaN);
        if (double.IsNaN(unit)
            || !double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount)
            || !double.IsFinite(amount))
        {
            throw Invalid(ruleText, $"'{value}' is not a duration such as 250ms or 1.5s");
        }

        return TimeSpan.FromMilliseconds(amount * unit);
    }

    /// <summary>A share of requests between 0 and 1.</summary>
    private static double ParseShare(string ruleText, string value) =>
        double.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var share) && share <= 1
            ? share
            : throw Invalid(ruleText, $"'{value}' is not an error share between 0 and 1, such as 0.05");

    /// <summary>A whole number of bytes (<c>4096</c>), kibibytes (<c>64KB</c>) or mebibytes (<c>1MB</c>), below 1 GiB.</summary>
    private static long ParseSize(string ruleText, string value)
    {
        var (number, multiplier) = value.EndsWith("KB", StringComparison.OrdinalIgnoreCase) ? (value[..^2], 1024L)
            : value.EndsWith("MB", StringComparison.OrdinalIgnoreCase) ? (value[..^2], 1024L * 1024)
            : value.EndsWith('B') ? (value[..^1], 1L)
            : (value, 1L);
        return long.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var amount) && amount < (1L << 30) / multiplier
            ? amount * multiplier
            : throw Invalid(ruleText, $"'{value}' is not a size such as 4096, 64KB or 1MB (below 1 GB)");
    }

    private static FaultsConfigurationException Invalid(string ruleText, string reason) =>
        new($"Faults rule '{ruleText}' is invalid: {reason}.");
}
