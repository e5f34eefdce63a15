using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Modulo.Perf.Engine.SourceText;

namespace Modulo.Perf.Engine.Baselines;

/// <summary>
/// Reads and updates performance-baselines.json. A file that cannot be read, is not a baseline, or was written
/// by a newer format is a <see cref="ConfigurationException"/> (exit 3) naming the file and the reason, and is
/// never written over: the history in it may be all a team has.
/// </summary>
public static class BaselineStore
{
    public const int FormatVersion = 1;

    private static readonly TimeSpan LockTimeout = TimeSpan.FromSeconds(30);

    // Base64 and '→' stay readable instead of becoming \u002B escapes.
    private static readonly BaselineJson Json = new(new JsonSerializerOptions(BaselineJson.Default.Options)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    /// <summary>The baseline at <paramref name="path"/>, or null when there is none yet.</summary>
    public static BaselineFile? Read(string path) => ReadBytes(path) is { } bytes ? Parse(path, bytes) : null;

    private static byte[]? ReadBytes(string path)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Problem(path, $"cannot be read: {e.Message}");
        }
    }

    /// <summary>
    /// Adds <paramref name="run"/> to the history and prunes entries older than the retention, under an exclusive
    /// lock and re-reading the file inside it, so a concurrent update's entry is merged rather than lost.
    /// </summary>
    public static BaselineFile Record(string path, BaselineRun run, RegressionSettings settings, IReadOnlyDictionary<string, IReadOnlyList<string>> sloThresholds)
    {
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            using var exclusive = BaselineLock.Acquire(path, LockTimeout);
            // Under the lock no writer is between its write and its rename: a temporary file now is a killed one's.
            AtomicFile.RemoveLeftovers(path);
            var existingBytes = ReadBytes(path);
            var existing = existingBytes is null ? null : Parse(path, existingBytes);
            var history = Prune([.. existing?.History ?? [], run], settings.HistoryDays);
            var newest = history[^1];
            var updated = new BaselineFile(
                FormatVersion,
                new BaselineMetadata(existing?.Metadata.Created ?? run.Recorded, run.Recorded, newest.GitCommit, sloThresholds, newest.Fingerprint),
                BaselineSummary.Of(newest),
                history);
            AtomicFile.Write(path, WithUnknownKeysOf(existingBytes, updated));
            return updated;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Problem(path, $"cannot be updated: {e.Message}");
        }
        catch (FormatException e)
        {
            throw Problem(path, $"is corrupt: a stored histogram cannot be decoded ({e.Message})");
        }
    }

    /// <summary>
    /// The new file's bytes, keeping the top-level properties of the old one that this format does not know (a
    /// newer engine's additions, a team's own notes): a rewrite must not lose what it did not understand.
    /// </summary>
    private static byte[] WithUnknownKeysOf(byte[]? existingBytes, BaselineFile updated)
    {
        var written = JsonSerializer.SerializeToNode(updated, Json.BaselineFile)!.AsObject();
        if (existingBytes is not null && JsonNode.Parse(existingBytes) is JsonObject existing)
        {
            foreach (var (name, value) in existing.ToList())
            {
                if (!written.ContainsKey(name))
                {
                    existing.Remove(name);
                    written[name] = value;
                }
            }
        }
        return JsonSerializer.SerializeToUtf8Bytes(written, Json.JsonObject);
    }

    /// <summary>Oldest first; drops entries older than the retention before the newest one, which always stays.</summary>
    private static List<BaselineRun> Prune(IEnumerable<BaselineRun> runs, int historyDays)
    {
        var ordered = runs.OrderBy(r => r.Recorded).ToList();
        var cutoff = ordered[^1].Recorded - TimeSpan.FromDays(historyDays);
        return [.. ordered.Where(r => r.Recorded >= cutoff)];
    }

    private static BaselineFile Parse(string path, byte[] bytes)
    {
        try
        {
            using var document = JsonDocument.Parse(bytes);
            if (document.RootElement.ValueKind != JsonValueKind.Object || !document.RootElement.TryGetProperty("version", out var version))
            {
                throw Problem(path, "is not a baseline file: it has no \"version\" number");
            }
            if (version.ValueKind != JsonValueKind.Number || !version.TryGetInt32(out var number) || number < 1)
            {
                throw Problem(path, $"is not a baseline file: its \"version\" must be a whole number from 1, not {version.GetRawText()}");
            }
            if (number > FormatVersion)
            {
                throw Problem(path, $"was written by a newer modulo-perf (format version {number}; this engine reads version {FormatVersion} and will not overwrite it)");
            }
            var file = document.RootElement.Deserialize(Json.BaselineFile) ?? throw Problem(path, "is not a baseline file");
            if (FindNull(file) is { } nullEntry)
            {
                throw Problem(path, $"is corrupt: {nullEntry} is null");
            }
            var damaged = file.History
                .SelectMany(run => run.Suites.SelectMany(suite => suite.Value.Latency.Select(trend => (run, suite: suite.Key, metric: trend.Key, trend.Value.Histogram))))
                .FirstOrDefault(h => !HistogramCodec.LooksEncoded(h.Histogram));
            return damaged.run is null
                ? file
                : throw Problem(path, $"is corrupt: the histogram of {damaged.metric} in {damaged.suite} of the run recorded {damaged.run.Recorded:u} is not an HdrHistogram encoding");
        }
        catch (JsonException e)
        {
            var location = e.LineNumber is { } line ? new SourceLocation(path, (int)line + 1, (int)(e.BytePositionInLine ?? 0) + 1) : null;
            throw new ConfigurationException($"baseline file '{path}' is corrupt: {e.Message}", location);
        }
    }

    /// <summary>
    /// The first null where the format holds an object or a string. The serializer enforces non-null properties but
    /// not the elements of lists and dictionaries, which the comparison would then trip over.
    /// </summary>
    private static string? FindNull(BaselineFile file)
    {
        if (file.Baselines.FirstOrDefault(b => b.Value is null) is { Key: { } summary })
        {
            return $"\"baselines\" entry '{summary}'";
        }
        if (file.Metadata.SloThresholds.FirstOrDefault(t => t.Value is null || t.Value.Any(e => e is null)) is { Key: { } threshold })
        {
            return $"an SLO threshold of '{threshold}' in \"metadata\"";
        }
        for (var i = 0; i < file.History.Count; i++)
        {
            var run = file.History[i];
            if (run is null)
            {
                return $"\"history\" entry {i + 1}";
            }
            foreach (var (suite, measurements) in run.Suites)
            {
                if (measurements is null)
                {
                    return $"suite '{suite}' of \"history\" entry {i + 1}";
                }
                if (measurements.Latency.FirstOrDefault(l => l.Value is null) is { Key: { } metric })
                {
                    return $"latency '{metric}' of suite '{suite}' in \"history\" entry {i + 1}";
                }
            }
        }
        return null;
    }

    /// <summary>The error for a damaged stored histogram, found when a comparison first needs it.</summary>
    public static ConfigurationException CorruptHistogram(string path, string suite, string metric, FormatException e) =>
        Problem(path, $"is corrupt: the histogram of {metric} in {suite} cannot be decoded ({e.Message})");

    private static ConfigurationException Problem(string path, string reason) => new($"baseline file '{path}' {reason}");
}
