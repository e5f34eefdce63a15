using System.Globalization;
using System.Text.RegularExpressions;
using Modulo.Perf.Engine.Metrics;

namespace Modulo.Perf.Engine.Thresholds;

/// <summary>
/// Parses k6 threshold expressions, <c>aggregation operator value</c> such as <c>p(95)&lt;200</c>, with k6's rules:
/// the operators are tried in the order &lt;=, &lt;, &gt;=, &gt;, ===, ==, != and the text is split at the first one
/// found; whitespace may stand between any two tokens; the value is a JSON-style number.
/// The grammar is documented in docs/thresholds.md.
/// </summary>
public static partial class ThresholdParser
{
    private static readonly (string Text, ComparisonOperator Operator)[] Operators =
    [
        ("<=", ComparisonOperator.LessOrEqual),
        ("<", ComparisonOperator.Less),
        (">=", ComparisonOperator.GreaterOrEqual),
        (">", ComparisonOperator.Greater),
        ("===", ComparisonOperator.StrictEqual),
        ("==", ComparisonOperator.Equal),
        ("!=", ComparisonOperator.NotEqual),
    ];

    /// <summary>Parses the grammar only; any known aggregation is accepted.</summary>
    /// <exception cref="FormatException">The expression is malformed; the message says how.</exception>
    public static ThresholdExpression ParseExpression(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new FormatException("empty threshold expression: write aggregation, operator and value, e.g. p(95)<200");
        }

        var (symbol, op, at) = FindOperator(text);
        var aggregationText = text[..at].Trim();
        var valueText = text[(at + symbol.Length)..].Trim();
        var (aggregation, percentile) = ParseAggregation(aggregationText, text);
        if (!JsonNumber().IsMatch(valueText)
            || !double.TryParse(valueText, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            throw new FormatException($"threshold value '{valueText}' in '{text}' is not a number (units are not allowed: durations are milliseconds)");
        }

        return new ThresholdExpression(aggregation, percentile, op, value);
    }

    /// <summary>Parses and checks the aggregation against the metric's type (trend: avg min max med p(N), ...).</summary>
    /// <exception cref="FormatException">The expression is malformed or its aggregation does not fit the type.</exception>
    public static ThresholdExpression ParseExpression(string text, MetricType metricType)
    {
        var expression = ParseExpression(text);
        if (!MetricTypeAggregations.Allows(metricType, expression.Aggregation))
        {
            throw new FormatException(
                $"aggregation '{expression.AggregationName}' does not apply to a {MetricTypeAggregations.TypeName(metricType)} metric; use {string.Join(", ", MetricTypeAggregations.Allowed(metricType))}");
        }

        return expression;
    }

    private static (string Symbol, ComparisonOperator Operator, int Index) FindOperator(string text)
    {
        foreach (var (symbol, op) in Operators)
        {
            var index = text.IndexOf(symbol, StringComparison.Ordinal);
            if (index >= 0)
            {
                return (symbol, op, index);
            }
        }
        throw new FormatException($"threshold '{text}' has no comparison operator; use one of <=, <, >=, >, ===, ==, !=");
    }

    private static (Aggregation Aggregation, double Percentile) ParseAggregation(string aggregationText, string text)
    {
        if (MetricTypeAggregations.Named.TryGetValue(aggregationText, out var named))
        {
            return (named, 0);
        }

        var percentile = Percentile().Match(aggregationText);
        if (!percentile.Success)
        {
            throw new FormatException(
                $"unknown aggregation '{aggregationText}' in '{text}'; use {MetricTypeAggregations.Summary}");
        }

        var argument = percentile.Groups["n"].Value;
        if (!JsonNumber().IsMatch(argument)
            || !double.TryParse(argument, NumberStyles.Float, CultureInfo.InvariantCulture, out var n))
        {
            throw new FormatException($"percentile '{argument}' in '{text}' is not a number");
        }

        if (n is < 0 or > 100)
        {
            throw new FormatException($"percentile {argument} in '{text}' is out of range; it must be between 0 and 100");
        }

        return (Aggregation.Percentile, n);
    }

    // JSON's number grammar: optional minus, no leading zeros, optional fraction and exponent.
    [GeneratedRegex(@"^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex JsonNumber();

    [GeneratedRegex(@"^p\s*\(\s*(?<n>[^()]*?)\s*\)$", RegexOptions.CultureInvariant)]
    private static partial Regex Percentile();
}
