using System.Text.Json;
using Modulo.Perf.Engine.Baselines;
using Modulo.Perf.Engine.Metrics;

namespace Modulo.Perf.Engine.Reporting;

/// <summary>Reads partial.json back, checking what merge relies on: the schema, known metrics, decodable histograms.</summary>
public static class PartialResultsReader
{
    /// <summary>The partial result in <paramref name="directory"/>; null when there is none. Damage is a <see cref="FormatException"/> naming the file.</summary>
    public static PartialRun? Read(string directory)
    {
        var path = Path.Combine(directory, PartialResultsWriter.FileName);
        if (!File.Exists(path))
        {
            return null;
        }
        PartialRun? partial;
        try
        {
            partial = JsonSerializer.Deserialize(File.ReadAllBytes(path), PartialRunJson.Default.PartialRun);
        }
        catch (JsonException e)
        {
            throw new FormatException($"{path}: not a partial result: {e.Message}", e);
        }
        if (partial is null || partial.SchemaVersion != PartialRun.CurrentSchemaVersion)
        {
            throw new FormatException($"{path}: schema version {partial?.SchemaVersion} is not {PartialRun.CurrentSchemaVersion}; merge partials written by this engine version");
        }
        foreach (var series in partial.Series)
        {
            if (!MetricCatalog.TryGetType(series.Metric, out var type))
            {
                throw new FormatException($"{path}: unknown metric '{series.Metric}'");
            }
            if (type == MetricType.Trend && (series.Histogram is null || !HistogramCodec.LooksEncoded(series.Histogram)))
            {
                throw new FormatException($"{path}: the histogram of {series.Metric}{{{string.Join(",", series.Tags.Select(t => $"{t.Key}:{t.Value}"))}}} is not an HdrHistogram encoding");
            }
        }
        return partial;
    }
}
