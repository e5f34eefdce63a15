using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Modulo.Perf.Engine.SourceText;

/// <summary>
/// One value of the config file with its JSON pointer, so every check can report where the value was written.
/// <paramref name="What"/> names the value in messages ("profile 'quick'", "step 2 of scenario 'browse'").
/// </summary>
internal readonly record struct ConfigNode(SourceDocument Document, JsonNode? Node, string Pointer, string What)
{
    public SourceLocation Location => Document.ValueLocation(Pointer);

    public ConfigurationException Error(string message) => new(message, Location);

    public ConfigurationException ErrorAt(int stringIndex, string message) =>
        new(message, Document.LocationInString(Pointer, stringIndex));

    /// <summary>An error at the name of the property holding this value (for a bad key rather than a bad value).</summary>
    public ConfigurationException NameError(string message) => new(message, Document.NameLocation(Pointer));

    public JsonValueKind Kind => Node?.GetValueKind() ?? JsonValueKind.Null;

    /// <summary>The properties of an object in file order; fails when this is not an object.</summary>
    public IEnumerable<(string Name, ConfigNode Value)> Properties()
    {
        var obj = RequireObject();
        var document = Document;
        var pointer = Pointer;
        var what = What;
        return obj.Select(p => (p.Key, new ConfigNode(document, p.Value, SourceDocument.ChildPointer(pointer, p.Key), $"'{p.Key}' of {what}")));
    }

    /// <summary>The elements of an array; fails when this is not an array.</summary>
    public IEnumerable<ConfigNode> Elements()
    {
        if (Node is not JsonArray array)
        {
            throw Error($"{What} must be an array");
        }

        var document = Document;
        var pointer = Pointer;
        var what = What;
        return array.Select((element, index) => new ConfigNode(document, element, SourceDocument.ChildPointer(pointer, index), $"item {index + 1} of {what}"));
    }

    /// <summary>
    /// Fails at the first property not in <paramref name="allowed"/>, naming the allowed ones and the closest match.
    /// <c>$schema</c> is always allowed so editors can find the JSON Schema.
    /// </summary>
    public void RejectUnknownProperties(IReadOnlyCollection<string> allowed, Func<string, string?>? explain = null)
    {
        foreach (var name in RequireObject().Select(p => p.Key))
        {
            if (name == "$schema" || allowed.Contains(name))
            {
                continue;
            }

            var message = explain?.Invoke(name)
                ?? $"unknown property '{name}' in {What}{NameSuggester.Hint(name, allowed)}; allowed: {string.Join(", ", allowed)}";
            throw new ConfigurationException(message, Document.NameLocation(SourceDocument.ChildPointer(Pointer, name)));
        }
    }

    public ConfigNode? Property(string name)
    {
        var obj = RequireObject();
        return obj.TryGetPropertyValue(name, out var value)
            ? new ConfigNode(Document, value, SourceDocument.ChildPointer(Pointer, name), $"'{name}' of {What}")
            : null;
    }

    public ConfigNode RequiredProperty(string name) =>
        Property(name) ?? throw Error($"{What} needs '{name}'");

    public string GetString()
    {
        if (Kind != JsonValueKind.String)
        {
            throw Error($"{What} must be a string");
        }

        return Node!.GetValue<string>();
    }

    public string GetNonEmptyString()
    {
        var text = GetString();
        return text.Length > 0 ? text : throw Error($"{What} must not be empty");
    }

    public bool GetBoolean() => Kind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => throw Error($"{What} must be true or false"),
    };

    public int GetInt32(int minimum, int maximum = int.MaxValue)
    {
        if (Kind != JsonValueKind.Number || !Node!.AsValue().TryGetValue<int>(out var value))
        {
            throw Error($"{What} must be a whole number");
        }

        if (value < minimum || value > maximum)
        {
            throw Error(maximum == int.MaxValue
                ? $"{What} must be at least {minimum}, not {value}"
                : $"{What} must be between {minimum} and {maximum}, not {value}");
        }

        return value;
    }

    public double GetPositiveDouble()
    {
        var value = GetDouble();
        return value > 0 ? value : throw Error($"{What} must be greater than 0, not {value.ToString(CultureInfo.InvariantCulture)}");
    }

    public double GetNonNegativeDouble()
    {
        var value = GetDouble();
        return value >= 0 ? value : throw Error($"{What} must be 0 or more, not {value.ToString(CultureInfo.InvariantCulture)}");
    }

    /// <summary>A k6 duration: a string such as <c>"1m30s"</c>, or a bare number of milliseconds.</summary>
    public TimeSpan GetDuration()
    {
        switch (Kind)
        {
            case JsonValueKind.Number:
                var milliseconds = Node!.GetValue<double>();
                return milliseconds < 0 ? throw Error($"{What} must be a duration of 0 or more milliseconds")
                    : milliseconds > DurationParser.MaxDuration.TotalMilliseconds ? throw Error($"{What}: {DurationParser.TooLong($"{milliseconds.ToString(CultureInfo.InvariantCulture)}ms")}")
                    : TimeSpan.FromMilliseconds(milliseconds);
            case JsonValueKind.String:
                return DurationParser.TryParse(Node!.GetValue<string>(), out var duration, out var error)
                    ? duration
                    : throw Error($"{What}: {error}");
            default:
                throw Error($"{What} must be a duration such as \"30s\", \"1m30s\" or \"500ms\" (a bare number means milliseconds)");
        }
    }

    public TimeSpan GetPositiveDuration()
    {
        var duration = GetDuration();
        return duration > TimeSpan.Zero ? duration : throw Error($"{What} must be longer than 0");
    }

    private double GetDouble() =>
        Kind == JsonValueKind.Number && Node!.AsValue().TryGetValue<double>(out var value) ? value : throw Error($"{What} must be a number");

    private JsonObject RequireObject() => Node as JsonObject ?? throw Error($"{What} must be an object");
}
