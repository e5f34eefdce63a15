using System.Globalization;
using System.Text;
using Modulo.Perf.Engine.Metrics;
using Modulo.Perf.Engine.Outcome;
using Modulo.Perf.Engine.Thresholds;

namespace Modulo.Perf.Engine.Reporting;

/// <summary>
/// Writes performance-report.md: the short human summary for job summaries and PR comments. The verdict
/// comes first, then one table of thresholds and one of metrics.
/// </summary>
public static class MarkdownReportWriter
{
    public const string FileName = "performance-report.md";

    public static void Write(string directory, RunResult result)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, FileName), Render(result));
    }

    public static string Render(RunResult result)
    {
        var md = new StringBuilder();
        md.AppendLine("# Performance report").AppendLine();
        md.AppendLine($"**{result.Verdict.Headline()}**").AppendLine();
        if (result.Fingerprint is { } f)
        {
            var selection = string.Join(", ", f.Suites.Concat(f.Scenarios));
            md.AppendLine(Invariant($"Profile `{f.Profile}` ({f.Executor}, {LoadText.Vus(f.Vus)}, {result.DurationSeconds:0.#} s) against `{f.BaseUrl}`; ran {selection}."));
            if (LoadText.Reached(result) is { } reached)
            {
                md.AppendLine().AppendLine($"The load {reached}.");
            }
            md.AppendLine();
        }
        if (result.AbortedBy is { } abort)
        {
            md.AppendLine($"> The run was stopped early by an abortOnFail threshold: {abort.Message}").AppendLine();
        }
        WriteOpenModelNotes(md, result);
        foreach (var error in result.Errors)
        {
            md.AppendLine($"- {(error.Location is { } l ? $"`{Path.GetFileName(l.File)}({l.Line},{l.Column})`: " : "")}{error.Message}");
        }
        if (result.Errors.Count > 0)
        {
            md.AppendLine();
        }
        WriteThresholds(md, result.Thresholds);
        WriteMetrics(md, result);
        WriteFailures(md, result.FailuresByCause);
        WriteFailedSteps(md, FailedStep.Of(result));
        ComparisonMarkdown.Append(md, result.Comparison);
        InterleavedMarkdown.Append(md, result.Interleaved);
        return md.ToString();
    }

    // Open-model runs measure differently from closed ones, and can fail to apply their load: both are said up front.
    private static void WriteOpenModelNotes(StringBuilder md, RunResult result)
    {
        if (result.Fingerprint?.Executor is not ("constant-arrival-rate" or "ramping-arrival-rate") || result.Metrics is not { } metrics)
        {
            return;
        }
        md.AppendLine("> Open model: `http_req_duration` counts from when each iteration was scheduled to start, so time spent waiting for a");
        md.AppendLine("> stalled server or a busy generator is included (coordinated omission corrected); `http_req_service_time` counts");
        md.AppendLine("> from the actual send.");
        var dropped = metrics.QueryCounter(MetricCatalog.DroppedIterations, new Dictionary<string, string>()).Count;
        if (dropped > 0)
        {
            md.AppendLine(">");
            md.AppendLine(Invariant($"> ⚠️ {dropped:N0} iterations were dropped (`dropped_iterations`): every VU was busy and maxVUs was reached, so the"));
            md.AppendLine("> planned arrival rate was not applied. Raise `maxVUs`, or treat the latencies as those of a lighter load.");
        }
        md.AppendLine();
    }

    private static void WriteThresholds(StringBuilder md, IReadOnlyList<ThresholdResult> thresholds)
    {
        if (thresholds.Count == 0)
        {
            return;
        }
        md.AppendLine("## Thresholds").AppendLine();
        md.AppendLine("| | Metric | Threshold | Actual | Samples |");
        md.AppendLine("|---|---|---|---|---|");
        foreach (var t in thresholds)
        {
            var actual = t.ShownOrNoSamples;
            md.AppendLine(Invariant($"| {(t.Ok ? "✅" : "❌")} | `{t.Definition.Selector.Text}` | `{t.Definition.Source}` | {actual} | {t.Samples:N0} |"));
        }
        md.AppendLine();
    }

    private static void WriteMetrics(StringBuilder md, RunResult result)
    {
        var metrics = MetricSummaries.For(result).ToList();
        if (metrics.Count == 0)
        {
            return;
        }
        md.AppendLine("## Metrics").AppendLine();
        md.AppendLine("| Metric | Type | Values |");
        md.AppendLine("|---|---|---|");
        foreach (var (name, value) in metrics)
        {
            md.AppendLine($"| `{name}` | {value.Type.ToString().ToLowerInvariant()} | {Describe(value)} |");
        }
        md.AppendLine();
    }

    private static string Describe(MetricAggregate value) => value switch
    {
        TrendAggregate t => Invariant($"avg={t.Avg:0.###} ms, med={t.Med:0.###} ms, p(90)={t.Percentile(90):0.###} ms, p(95)={t.Percentile(95):0.###} ms, p(99)={t.Percentile(99):0.###} ms, max={t.Max:0.###} ms, count={t.SampleCount:N0}"),
        RateAggregate r => Invariant($"{MeasuredNumber.Percent(r.Rate)} ({r.Passes:N0} of {r.Total:N0})"),
        CounterAggregate c => Invariant($"{c.Count:N0} ({c.Rate:0.##}/s)"),
        GaugeAggregate g => Invariant($"{g.Value:0.##}"),
        _ => "",
    };

    private static void WriteFailures(StringBuilder md, IReadOnlyDictionary<string, long> failures)
    {
        if (failures.Values.All(v => v == 0))
        {
            return;
        }
        md.AppendLine("## Failed requests by cause").AppendLine();
        md.AppendLine("| Cause | Requests |");
        md.AppendLine("|---|---|");
        foreach (var (cause, count) in failures.Where(f => f.Value > 0))
        {
            md.AppendLine(Invariant($"| {cause} | {count:N0} |"));
        }
        md.AppendLine();
    }

    private static void WriteFailedSteps(StringBuilder md, IReadOnlyList<FailedStep> steps)
    {
        if (steps.Count == 0)
        {
            return;
        }
        md.AppendLine("## Failed requests by step").AppendLine();
        md.AppendLine("| Step | Status or cause | Requests |");
        md.AppendLine("|---|---|---|");
        foreach (var outcome in steps.SelectMany(s => s.Outcomes))
        {
            md.AppendLine(Invariant($"| {TableCell(outcome.Step)} | {outcome.Outcome} | {outcome.Count:N0} |"));
        }
        md.AppendLine();
        foreach (var step in steps.Where(s => s.Samples.Count > 0))
        {
            md.AppendLine($"First failures of `{step.Step}`:").AppendLine();
            foreach (var sample in step.Samples)
            {
                md.AppendLine($"- `{FailedStep.Describe(sample)}`");
                if (sample.Body.Length > 0)
                {
                    // A fence longer than any run of backticks in the body, so the body cannot close it.
                    var fence = new string('`', Math.Max(3, LongestBacktickRun(sample.Body) + 1));
                    md.AppendLine().AppendLine($"  {fence}text");
                    foreach (var line in sample.Body.Split('\n'))
                    {
                        md.AppendLine($"  {line.TrimEnd('\r')}");
                    }
                    md.AppendLine($"  {fence}").AppendLine();
                }
            }
            md.AppendLine();
        }
    }

    private static string TableCell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal);

    private static int LongestBacktickRun(string text)
    {
        int longest = 0, run = 0;
        foreach (var c in text)
        {
            run = c == '`' ? run + 1 : 0;
            longest = Math.Max(longest, run);
        }
        return longest;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
