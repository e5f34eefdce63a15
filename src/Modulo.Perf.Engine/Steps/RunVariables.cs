using Modulo.Perf.Engine.Scenarios;

namespace Modulo.Perf.Engine.Steps;

/// <summary>
/// What every VU of one run reads alike: the run's id (<c>{run}</c>), the values the run's setup captured, and
/// the feeders. Written only before the load starts (the setup's captures), read-only while it runs.
/// </summary>
internal sealed class RunVariables
{
    private readonly Dictionary<string, (int Feed, int Column)> _columns = new(StringComparer.Ordinal);

    public RunVariables(IReadOnlyList<DataFeed> feeds)
    {
        Feeds = [.. feeds.Select(f => new FeedCursor(f))];
        for (var feed = 0; feed < feeds.Count; feed++)
        {
            for (var column = 0; column < feeds[feed].Columns.Count; column++)
            {
                _columns[$"{feeds[feed].Name}.{feeds[feed].Columns[column]}"] = (feed, column);
            }
        }
    }

    /// <summary>
    /// Ten characters of base 36 (about 51 random bits): short in an e-mail address, unique across runs. From
    /// <see cref="Random.Shared"/> (seeded from the OS per process): it names test data, it guards nothing, and
    /// RandomNumberGenerator would load OpenSSL into every run (about 5 MB resident) for it.
    /// </summary>
    public string RunId { get; } = new(Random.Shared.GetItems<char>("abcdefghijklmnopqrstuvwxyz0123456789", 10));

    /// <summary>The run setup's captures, shared by all VUs.</summary>
    public Dictionary<string, string> Shared { get; } = new(StringComparer.Ordinal);

    public FeedCursor[] Feeds { get; }

    /// <summary>The feeder and column a <c>{feed.column}</c> reference names.</summary>
    public bool TryGetColumn(string reference, out (int Feed, int Column) position) => _columns.TryGetValue(reference, out position);

    public int FeedIndex(string name) => Array.FindIndex(Feeds, f => f.Feed.Name == name);
}
