using Modulo.Perf.Engine.Metrics;
using Modulo.Perf.Engine.SourceText;

namespace Modulo.Perf.Engine.Thresholds;

/// <summary>
/// Parses a thresholds key the way k6 does: <c>name</c> or <c>name{tag:value,tag2:value2}</c>, whitespace allowed
/// around every part, quotes around a tag key or value optional. The name must be in <see cref="MetricCatalog.All"/>
/// and every tag key in <see cref="MetricCatalog.TagKeys"/>.
/// </summary>
public static class MetricSelectorParser
{
    /// <exception cref="FormatException">The key is malformed or names an unknown metric or tag.</exception>
    public static MetricSelector Parse(string text)
    {
        var open = text.IndexOf('{');
        var close = text.LastIndexOf('}');
        if (open < 0 && close < 0)
        {
            return new MetricSelector(KnownMetric(text.Trim()), new Dictionary<string, string>());
        }

        if (open < 0 || close < 0 || close < open || text[(close + 1)..].Trim().Length > 0)
        {
            throw new FormatException($"malformed metric selector '{text}': write name or name{{tag:value,...}}");
        }

        var metric = KnownMetric(text[..open].Trim());
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var tag in text[(open + 1)..close].Split(','))
        {
            var colon = tag.IndexOf(':');
            var key = colon < 0 ? "" : Unquote(tag[..colon]);
            var value = colon < 0 ? "" : Unquote(tag[(colon + 1)..]);
            if (key.Length == 0 || value.Length == 0)
            {
                throw new FormatException($"malformed tag '{tag.Trim()}' in '{text}': write tag:value");
            }

            if (!MetricCatalog.TagKeys.Contains(key))
            {
                throw new FormatException(
                    $"unknown tag key '{key}' in '{text}'{NameSuggester.Hint(key, MetricCatalog.TagKeys)}; known tags: {string.Join(", ", MetricCatalog.TagKeys)}");
            }

            if (!tags.TryAdd(key, value))
            {
                throw new FormatException($"tag '{key}' appears twice in '{text}'");
            }
        }
        return new MetricSelector(metric, tags);
    }

    private static string KnownMetric(string name)
    {
        if (name.Length == 0)
        {
            throw new FormatException("the metric name is missing");
        }

        if (!MetricCatalog.All.ContainsKey(name))
        {
            throw new FormatException($"unknown metric '{name}'{NameSuggester.Hint(name, MetricCatalog.All.Keys)}");
        }

        return name;
    }

    private static string Unquote(string part) => part.Trim().Trim('"', '\'').Trim();
}
