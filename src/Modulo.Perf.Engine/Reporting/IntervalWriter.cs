using System.Globalization;
using System.Text;
using Modulo.Perf.Engine.Metrics;
using Modulo.Perf.Engine.Outcome;

namespace Modulo.Perf.Engine.Reporting;

/// <summary>
/// Writes intervals.csv: one row per aggregation tick (about a second) of HTTP traffic, for people who graph
/// a run in a spreadsheet, pandas or Grafana. Percentiles are of that interval alone, in milliseconds; the
/// last row may cover less than a second (the final collect when load stops).
/// </summary>
public static class IntervalWriter
{
    public const string FileName = "intervals.csv";

    public const string Header = "start_s,end_s,requests,rps,failed,error_rate,p50_ms,p90_ms,p95_ms,p99_ms,max_ms,iterations";

    public static void Write(string directory, RunResult result)
    {
        if (result.Metrics is not { } metrics)
        {
            // No load ran (invalid configuration, unreachable target): an empty table would only mislead.
            return;
        }
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, FileName), Render(metrics.Intervals));
    }

    public static string Render(IEnumerable<IntervalStats> intervals)
    {
        var csv = new StringBuilder().Append(Header).Append('\n');
        foreach (var interval in intervals)
        {
            var row = IntervalRow.From(interval);
            csv.Append(string.Create(CultureInfo.InvariantCulture,
                $"{row.StartSeconds:0.###},{row.EndSeconds:0.###},{row.Requests},{row.RequestsPerSecond:0.###},{row.Failed},{row.ErrorRate:0.######},{row.Latency.P50:0.###},{row.Latency.P90:0.###},{row.Latency.P95:0.###},{row.Latency.P99:0.###},{row.Latency.Max:0.###},{row.Iterations}"))
                .Append('\n');
        }
        return csv.ToString();
    }
}
