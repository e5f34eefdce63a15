namespace Modulo.Perf.Engine.Metrics;

/// <summary>
/// An immutable, key-sorted set of tags identifying one series of a metric. Built once per distinct
/// combination (per step and status, not per request), so its allocations stay off the hot path.
/// </summary>
public sealed class TagSet : IEquatable<TagSet>
{
    private readonly KeyValuePair<string, string>[] _tags;
    private readonly int _hash;

    public static TagSet Empty { get; } = new([]);

    public TagSet(IEnumerable<KeyValuePair<string, string>> tags)
    {
        _tags = tags.OrderBy(t => t.Key, StringComparer.Ordinal).ToArray();
        var hash = new HashCode();
        foreach (var (key, value) in _tags)
        {
            hash.Add(key);
            hash.Add(value);
        }
        _hash = hash.ToHashCode();
    }

    public IReadOnlyList<KeyValuePair<string, string>> Tags => _tags;

    public string? this[string key] => Array.Find(_tags, t => t.Key == key).Value;

    public TagSet With(string key, string value) =>
        new(_tags.Where(t => t.Key != key).Append(new KeyValuePair<string, string>(key, value)));

    /// <summary>True when every filter tag is present here with the same value (sub-metric selection).</summary>
    public bool Matches(IReadOnlyDictionary<string, string> filter) =>
        filter.All(f => this[f.Key] == f.Value);

    public bool Equals(TagSet? other) =>
        other is not null && _hash == other._hash && _tags.AsSpan().SequenceEqual(other._tags);

    public override bool Equals(object? obj) => Equals(obj as TagSet);

    public override int GetHashCode() => _hash;

    public override string ToString() => string.Join(",", _tags.Select(t => $"{t.Key}:{t.Value}"));
}
