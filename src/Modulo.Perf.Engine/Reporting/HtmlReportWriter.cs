using System.Globalization;
using System.Net;
using System.Text;
using Modulo.Perf.Engine.Metrics;
using Modulo.Perf.Engine.Outcome;
using Modulo.Perf.Engine.Reporting.Html;
using Modulo.Perf.Engine.Thresholds;

namespace Modulo.Perf.Engine.Reporting;

/// <summary>
/// Writes performance-report.html: one self-contained page (inline CSS and SVG, no script, nothing fetched) with
/// the verdict, the thresholds, the baseline comparison and p95 trend, latency percentiles and throughput over time,
/// and the latency distribution. It is an artifact people open from CI months later, so it must render offline
/// and without JavaScript.
/// </summary>
public static class HtmlReportWriter
{
    public const string FileName = "performance-report.html";

    private static readonly IReadOnlyDictionary<string, string> NoFilter = new Dictionary<string, string>();

    /// <summary>The trends whose distributions are drawn, with their legend names: all requests, then each kind.</summary>
    private static readonly (string Metric, string Name)[] DistributionTrends =
    [
        (MetricCatalog.HttpReqDuration, "all requests"),
        (MetricCatalog.SloReadLatency, "read"),
        (MetricCatalog.SloWriteLatency, "write"),
        (MetricCatalog.SloSyncLatency, "sync"),
        (MetricCatalog.WsMessageLatency, "WebSocket round trip"),
    ];

    public static void Write(string directory, RunResult result)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, FileName), Render(result));
    }

    public static string Render(RunResult result)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        html.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        html.Append($"<title>Performance report: {Encode(result.Verdict.JsonName())}</title>\n");
        html.Append("<style>\n").Append(HtmlReportStyles.Css).Append("</style>\n</head>\n<body>\n");
        WriteVerdict(html, result);
        WriteRun(html, result);
        WriteThresholds(html, result.Thresholds);
        ComparisonSection.Append(html, result.Comparison);
        InterleavedSection.Append(html, result.Interleaved);
        if (result.Metrics is { } metrics)
        {
            WriteCharts(html, metrics);
            ServiceSection.Append(html, result.Service);
            WriteMetrics(html, result);
        }
        WriteFailures(html, result.FailuresByCause);
        WriteFailedSteps(html, FailedStep.Of(result));
        html.Append(Invariant($"<footer>modulo-perf {Encode(result.Fingerprint?.EngineVersion ?? "")} · run started {result.Started.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC · results.json holds the same verdict in machine-readable form</footer>\n"));
        html.Append("</body>\n</html>\n");
        return html.ToString();
    }

    private static void WriteVerdict(StringBuilder html, RunResult result)
    {
        var css = result.Verdict switch
        {
            Verdict.Pass => "pass",
            Verdict.Regression => "warn",
            Verdict.SloViolation => "fail",
            _ => "error",
        };
        html.Append($"<header class=\"verdict {css}\">\n<h1>Performance report</h1>\n");
        html.Append($"<p class=\"headline\">{VerdictMark.Svg(result.Verdict)} {Encode(result.Verdict.Title())}</p>\n");
        if (result.Fingerprint is { } f)
        {
            var selection = string.Join(", ", f.Suites.Concat(f.Scenarios));
            html.Append(Invariant($"<p class=\"summary\">Profile <code>{Encode(f.Profile)}</code> ({Encode(f.Executor)}, {LoadText.Vus(f.Vus)}, {result.DurationSeconds:0.#} s) against <code>{Encode(f.BaseUrl)}</code>; ran {Encode(selection)}.</p>\n"));
        }
        html.Append("</header>\n");
        if (result.AbortedBy is { } abort)
        {
            html.Append($"<p class=\"notice\">The run was stopped early by an abortOnFail threshold: {Encode(abort.Message)}</p>\n");
        }
        foreach (var error in result.Errors)
        {
            var where = error.Location is { } l ? $"<code>{Encode(l.ToString())}</code>: " : "";
            html.Append($"<p class=\"notice\"><strong>{Encode(error.Kind)}</strong> {where}{Encode(error.Message)}</p>\n");
        }
    }

    private static void WriteRun(StringBuilder html, RunResult result)
    {
        if (result.Fingerprint is not { } f)
        {
            return;
        }
        html.Append("<h2>Run</h2>\n<dl class=\"run\">\n");
        void Item(string name, string value) => html.Append($"<dt>{name}</dt><dd>{Encode(value)}</dd>\n");
        Item("Started", result.Started.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture));
        Item("Duration", Invariant($"{result.DurationSeconds:0.#} s of {f.DurationSeconds:0.#} s planned"));
        Item("Profile", $"{f.Profile} ({f.Executor}, {LoadText.Vus(f.Vus)})");
        if (LoadText.Reached(result) is { } reached)
        {
            Item("Load", reached);
        }
        Item("Target", f.BaseUrl);
        Item("Suites and scenarios", string.Join(", ", f.Suites.Concat(f.Scenarios)));
        Item("Configuration", $"{f.ConfigPath} (sha256 {f.ConfigHash[..Math.Min(12, f.ConfigHash.Length)]})");
        Item("Engine", Invariant($"modulo-perf {f.EngineVersion} on {f.ProcessorCount} processors"));
        html.Append("</dl>\n");
    }

    private static void WriteThresholds(StringBuilder html, IReadOnlyList<ThresholdResult> thresholds)
    {
        if (thresholds.Count == 0)
        {
            return;
        }
        html.Append("<h2>Thresholds</h2>\n<table class=\"thresholds\">\n");
        html.Append("<tr><th></th><th>Metric</th><th>Threshold</th><th class=\"num\">Actual</th><th class=\"num\">Samples</th><th>Defined at</th></tr>\n");
        foreach (var t in thresholds)
        {
            var actual = t.ShownOrNoSamples;
            var location = t.Definition.Location;
            var outcome = t.Ok ? "pass" : "fail";
            html.Append($"<tr class=\"{outcome}\"><td><span class=\"badge {outcome}\">{outcome}</span></td>");
            html.Append($"<td><code>{Encode(t.Definition.Selector.Text)}</code></td><td><code>{Encode(t.Definition.Source)}</code></td>");
            html.Append(Invariant($"<td class=\"num\">{Encode(actual)}</td><td class=\"num\">{t.Samples:N0}</td>"));
            html.Append(Invariant($"<td><code>{Encode(Path.GetFileName(location.File))}({location.Line},{location.Column})</code></td></tr>\n"));
        }
        html.Append("</table>\n");
    }

    private static void WriteCharts(StringBuilder html, MetricRegistry metrics)
    {
        var rows = metrics.Intervals.Select(IntervalRow.From).ToList();
        if (rows.Count == 0)
        {
            return;
        }
        html.Append("<h2>Latency over time</h2>\n").Append(ReportCharts.LatencyOverTime(rows).Render()).Append('\n');
        html.Append("<p class=\"note\">Percentiles of each interval's own requests (about one second each), not of the run so far.</p>\n");
        html.Append("<h2>Throughput and errors</h2>\n").Append(ReportCharts.ThroughputOverTime(rows).Render()).Append('\n');
        var trends = DistributionTrends
            .Select(t => (t.Name, Trend: metrics.QueryTrend(t.Metric, NoFilter)))
            .ToList();
        html.Append("<h2>Latency distribution</h2>\n").Append(ReportCharts.LatencyDistribution(trends).Render()).Append('\n');
        html.Append("<p class=\"note\">Every request of the run, from the merged HdrHistograms (3 significant digits). The x axis is logarithmic in 1/(1−p), so each step to the right adds a nine.</p>\n");
    }

    private static void WriteMetrics(StringBuilder html, RunResult result)
    {
        var metrics = MetricSummaries.For(result).ToList();
        var trends = metrics.Where(m => m.Value is TrendAggregate).ToList();
        if (trends.Count > 0)
        {
            html.Append("<h2>Latency and durations</h2>\n<table>\n<tr><th>Metric</th>");
            foreach (var column in new[] { "avg", "med", "p(90)", "p(95)", "p(99)", "max", "count" })
            {
                html.Append($"<th class=\"num\">{column}</th>");
            }
            html.Append("</tr>\n");
            foreach (var (name, value) in trends)
            {
                var t = (TrendAggregate)value;
                html.Append($"<tr><td><code>{Encode(name)}</code></td>");
                foreach (var ms in new[] { t.Avg, t.Med, t.Percentile(90), t.Percentile(95), t.Percentile(99), t.Max })
                {
                    html.Append(Invariant($"<td class=\"num\">{ms:0.###} ms</td>"));
                }
                html.Append(Invariant($"<td class=\"num\">{t.SampleCount:N0}</td></tr>\n"));
            }
            html.Append("</table>\n");
        }
        var others = metrics.Where(m => m.Value is not TrendAggregate).ToList();
        if (others.Count > 0)
        {
            html.Append("<h2>Counters and rates</h2>\n<table>\n<tr><th>Metric</th><th>Type</th><th class=\"num\">Value</th><th class=\"num\">Detail</th></tr>\n");
            foreach (var (name, value) in others)
            {
                var (shown, detail) = value switch
                {
                    RateAggregate r => (MeasuredNumber.Percent(r.Rate), Invariant($"{r.Passes:N0} of {r.Total:N0}")),
                    CounterAggregate c => (c.Count.ToString("N0", CultureInfo.InvariantCulture), Invariant($"{c.Rate:0.##}/s")),
                    GaugeAggregate g => (g.Value.ToString("0.##", CultureInfo.InvariantCulture), ""),
                    _ => ("", ""),
                };
                html.Append($"<tr><td><code>{Encode(name)}</code></td><td>{value.Type.ToString().ToLowerInvariant()}</td><td class=\"num\">{Encode(shown)}</td><td class=\"num\">{Encode(detail)}</td></tr>\n");
            }
            html.Append("</table>\n");
        }
    }

    private static void WriteFailures(StringBuilder html, IReadOnlyDictionary<string, long> failures)
    {
        if (failures.Values.All(v => v == 0))
        {
            return;
        }
        html.Append("<h2>Failed requests by cause</h2>\n<table>\n<tr><th>Cause</th><th class=\"num\">Requests</th></tr>\n");
        foreach (var (cause, count) in failures.Where(f => f.Value > 0))
        {
            html.Append(Invariant($"<tr><td>{Encode(cause)}</td><td class=\"num\">{count:N0}</td></tr>\n"));
        }
        html.Append("</table>\n");
    }

    private static void WriteFailedSteps(StringBuilder html, IReadOnlyList<FailedStep> steps)
    {
        if (steps.Count == 0)
        {
            return;
        }
        html.Append("<h2>Failed requests by step</h2>\n<table>\n<tr><th>Step</th><th>Status or cause</th><th class=\"num\">Requests</th></tr>\n");
        foreach (var outcome in steps.SelectMany(s => s.Outcomes))
        {
            html.Append(Invariant($"<tr><td><code>{Encode(outcome.Step)}</code></td><td>{Encode(outcome.Outcome)}</td><td class=\"num\">{outcome.Count:N0}</td></tr>\n"));
        }
        html.Append("</table>\n");
        foreach (var step in steps.Where(s => s.Samples.Count > 0))
        {
            html.Append($"<details><summary>First failures of <code>{Encode(step.Step)}</code></summary>\n");
            foreach (var sample in step.Samples)
            {
                html.Append($"<p><code>{Encode(FailedStep.Describe(sample))}</code></p>\n<pre>{Encode(sample.Body)}</pre>\n");
            }
            html.Append("</details>\n");
        }
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
