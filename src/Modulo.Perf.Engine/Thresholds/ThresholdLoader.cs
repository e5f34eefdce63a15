using System.Text.Json;
using Modulo.Perf.Engine.Metrics;
using Modulo.Perf.Engine.SourceText;

namespace Modulo.Perf.Engine.Thresholds;

/// <summary>
/// Reads <c>thresholds</c>: metric selector keys, each with an array of expressions written as strings or as
/// <c>{"threshold", "abortOnFail", "delayAbortEval"}</c> objects. Grammar errors point at the first character
/// inside the quotes of the offending string; a bad key points at the key.
/// </summary>
internal static class ThresholdLoader
{
    private static readonly string[] ObjectProperties = ["threshold", "abortOnFail", "delayAbortEval"];

    /// <summary>Every threshold; each key and expression is checked on its own, its errors kept in <paramref name="errors"/>.</summary>
    public static List<ThresholdDefinition> Load(ConfigNode thresholds, ConfigurationErrors errors)
    {
        var definitions = new List<ThresholdDefinition>();
        foreach (var (key, expressions) in errors.Read(thresholds.Properties) ?? [])
        {
            var selector = errors.Read(() => Selector(key, expressions));
            if (selector is null)
            {
                continue;
            }
            var metricType = MetricCatalog.All[selector.Metric];
            foreach (var element in errors.Read(expressions.Elements) ?? [])
            {
                if (errors.Read(() => LoadOne(selector, metricType, element)) is { } definition)
                {
                    definitions.Add(definition);
                }
            }
        }
        return definitions;
    }

    private static MetricSelector Selector(string key, ConfigNode expressions)
    {
        try
        {
            return MetricSelectorParser.Parse(key);
        }
        catch (FormatException e)
        {
            throw expressions.NameError(e.Message);
        }
    }

    private static ThresholdDefinition LoadOne(MetricSelector selector, MetricType metricType, ConfigNode element)
    {
        var textNode = element;
        var abortOnFail = false;
        var delayAbortEval = TimeSpan.Zero;
        if (element.Kind == JsonValueKind.Object)
        {
            element.RejectUnknownProperties(ObjectProperties);
            textNode = element.RequiredProperty("threshold");
            abortOnFail = element.Property("abortOnFail")?.GetBoolean() ?? false;
            delayAbortEval = element.Property("delayAbortEval")?.GetDuration() ?? TimeSpan.Zero;
        }
        else if (element.Kind != JsonValueKind.String)
        {
            throw element.Error($"{element.What} must be a threshold string such as \"p(95)<200\" or an object with 'threshold'");
        }

        var text = textNode.GetString();
        try
        {
            var expression = ThresholdParser.ParseExpression(text, metricType);
            return new ThresholdDefinition(selector, metricType, expression, text, textNode.Location, abortOnFail, delayAbortEval);
        }
        catch (FormatException e)
        {
            throw textNode.Error(e.Message);
        }
    }
}
