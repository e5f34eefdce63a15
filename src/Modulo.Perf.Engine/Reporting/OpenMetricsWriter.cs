using System.Globalization;
using System.Text;
using Modulo.Perf.Engine.Outcome;

namespace Modulo.Perf.Engine.Reporting;

/// <summary>
/// Writes intervals.om: the same per-interval numbers as intervals.csv in the OpenMetrics text format, each sample
/// stamped with its interval's wall-clock end, so a run can be backfilled into Prometheus
/// (<c>promtool tsdb create-blocks-from openmetrics intervals.om DIR</c>) and graphed beside the service's own metrics.
/// </summary>
public static class OpenMetricsWriter
{
    public const string FileName = "intervals.om";

    private static readonly (string Label, Func<IntervalRow, double> Milliseconds)[] Percentiles =
    [
        ("50", r => r.Latency.P50),
        ("90", r => r.Latency.P90),
        ("95", r => r.Latency.P95),
        ("99", r => r.Latency.P99),
        ("100", r => r.Latency.Max),
    ];

    public static void Write(string directory, RunResult result)
    {
        if (result.Metrics is not { } metrics)
        {
            return;
        }
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, FileName), Render(result, metrics.Intervals.Select(IntervalRow.From).ToList()));
    }

    public static string Render(RunResult result, IReadOnlyList<IntervalRow> rows)
    {
        var labels = result.Fingerprint is { } f
            ? $"profile=\"{Escape(f.Profile)}\",target=\"{Escape(f.BaseUrl)}\""
            : "";
        var started = result.Started.ToUnixTimeMilliseconds() / 1000.0;
        var text = new StringBuilder();

        void Family(string name, string type, string unit, string help, IEnumerable<(string ExtraLabel, double Value, double End)> samples)
        {
            text.Append($"# TYPE {name} {type}\n");
            if (unit.Length > 0)
            {
                text.Append($"# UNIT {name} {unit}\n");
            }
            text.Append($"# HELP {name} {help}\n");
            foreach (var (extra, value, end) in samples)
            {
                var all = string.Join(",", new[] { labels, extra }.Where(l => l.Length > 0));
                var labelSet = all.Length > 0 ? $"{{{all}}}" : "";
                text.Append(string.Create(CultureInfo.InvariantCulture, $"{name}{labelSet} {value:0.######} {started + end:0.###}\n"));
            }
        }

        Family("modulo_perf_http_requests_per_second", "gauge", "", "HTTP requests completed per second in the interval.",
            rows.Select(r => ("", r.RequestsPerSecond, r.EndSeconds)));
        Family("modulo_perf_http_failed_per_second", "gauge", "", "Failed HTTP requests per second in the interval.",
            rows.Select(r => ("", r.FailedPerSecond, r.EndSeconds)));
        Family("modulo_perf_http_req_duration_seconds", "gauge", "seconds",
            "Latency percentile of the interval's own HTTP requests (percentile 100 is the maximum).",
            // Grouped by series: OpenMetrics wants each label set's points together, in time order.
            Percentiles.SelectMany(p => rows.Where(r => r.Latency.Count > 0)
                .Select(r => ($"percentile=\"{p.Label}\"", p.Milliseconds(r) / 1000, r.EndSeconds))));
        text.Append("# EOF\n");
        return text.ToString();
    }

    /// <summary>OpenMetrics label values escape backslash, double quote and line feed.</summary>
    private static string Escape(string value) => value.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n");
}
