using Modulo.Perf.Engine.Scenarios;
using Modulo.Perf.Engine.SourceText;

namespace Modulo.Perf.Engine.Configuration;

/// <summary>
/// Reads the <c>data</c> section: feeders by name, each a file (relative to perfgate.json) read once here and
/// shared by all VUs. A missing, unreadable or malformed file is an error that names the file (and the row).
/// </summary>
internal static class DataLoader
{
    private static readonly Dictionary<string, DataOrder> Orders = new(StringComparer.Ordinal)
    {
        ["sequential"] = DataOrder.Sequential,
        ["random"] = DataOrder.Random,
        ["unique"] = DataOrder.Unique,
    };

    public static List<DataFeed> Load(ConfigNode node, string configDirectory) =>
        [.. node.Properties().Select(feed => LoadFeed(feed.Name, feed.Value with { What = $"feeder '{feed.Name}'" }, configDirectory))];

    private static DataFeed LoadFeed(string name, ConfigNode node, string configDirectory)
    {
        if (!TemplateString.IsVariableName(name))
        {
            throw node.NameError($"feeder name '{name}' must be letters, digits and underscores starting with a letter or underscore, so that {{{name}.column}} can name it");
        }

        node.RejectUnknownProperties(["file", "order"]);
        var fileNode = node.RequiredProperty("file");
        var path = Path.GetFullPath(Path.Combine(configDirectory, fileNode.GetNonEmptyString()));
        IReadOnlyList<string> columns;
        IReadOnlyList<string[]> rows;
        try
        {
            (columns, rows) = DataFeedFile.Read(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw fileNode.Error($"cannot read the data file of feeder '{name}' ({path}): {e.Message}");
        }

        if (rows.Count == 0)
        {
            throw fileNode.Error($"the data file of feeder '{name}' ({path}) has no rows below its header");
        }

        return new DataFeed
        {
            Name = name,
            File = path,
            Order = node.Property("order") is { } order ? ReadOrder(order) : DataOrder.Sequential,
            Columns = columns,
            Rows = rows,
            Location = node.Location,
        };
    }

    private static DataOrder ReadOrder(ConfigNode node)
    {
        var text = node.GetString();
        return Orders.TryGetValue(text, out var order)
            ? order
            : throw node.Error($"unknown order '{text}'{NameSuggester.Hint(text, Orders.Keys)}; use {string.Join(", ", Orders.Keys)}");
    }
}
