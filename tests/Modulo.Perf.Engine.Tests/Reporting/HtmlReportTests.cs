using System.Text.RegularExpressions;
using Modulo.Perf.Engine.Outcome;
using Modulo.Perf.Engine.Reporting;
using Modulo.Perf.Engine.Reporting.Html;
using Modulo.Perf.Engine.Tests.Infrastructure;

namespace Modulo.Perf.Engine.Tests.Reporting;

[Collection(ReportedRunCollection.Name)]
public class HtmlReportTests(ReportedRun run)
{
    private string Html => run.ReadReport(HtmlReportWriter.FileName);

    [Fact]
    public void Is_self_contained_nothing_is_fetched_and_no_script_runs()
    {
        var html = Html;
        Assert.StartsWith("<!DOCTYPE html>", html);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<link", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("@import", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotMatch(new Regex(@"url\s*\(", RegexOptions.IgnoreCase), html);
        // No attribute may point anywhere: the target's URL appears only as text.
        Assert.DoesNotMatch(new Regex(@"\s(src|href|xlink:href|srcset|action)\s*=", RegexOptions.IgnoreCase), html);
        Assert.Contains(run.Result.Fingerprint!.BaseUrl, html);
    }

    [Fact]
    public void Shows_the_verdict_and_every_threshold_with_its_outcome()
    {
        var html = Html;
        Assert.Equal(Verdict.SloViolation, run.Result.Verdict);
        Assert.Contains("<header class=\"verdict fail\">", html);
        Assert.Contains($"<p class=\"headline\">{VerdictMark.Svg(Verdict.SloViolation)} {System.Net.WebUtility.HtmlEncode(Verdict.SloViolation.Title())}</p>", html);
        var rows = Regex.Matches(html, "<tr class=\"(pass|fail)\">.*?</tr>").Select(m => m.Value).ToList();
        Assert.Equal(run.Result.Thresholds.Count, rows.Count);
        Assert.Contains(rows, r => r.StartsWith("<tr class=\"pass\">") && r.Contains("<code>slo_read_latency</code>") && r.Contains("p(95)&lt;1000"));
        Assert.Contains(rows, r => r.StartsWith("<tr class=\"fail\">") && r.Contains("<code>slo_sync_latency</code>") && r.Contains("no samples"));
        var write = run.Result.Thresholds.Single(t => t.Definition.Selector.Text == "slo_write_latency");
        Assert.Contains(rows, r => r.StartsWith("<tr class=\"fail\">") && r.Contains($">{write.Shown}<")
            && r.Contains($"perfgate.json({write.Definition.Location.Line},{write.Definition.Location.Column})"));
    }

    [Fact]
    public void Needs_no_emoji_font_and_lets_wide_tables_scroll_inside_the_column()
    {
        var html = Html;
        // Emoji (supplementary planes, dingbats and symbols with an emoji presentation) draw as boxes without an emoji font.
        Assert.DoesNotMatch(new Regex(@"[\uD800-\uDBFF]|[\u2600-\u27BF]|\uFE0F"), html);
        Assert.Contains("<svg class=\"mark fail\"", html);
        Assert.Contains("table { border-collapse: collapse; width: 100%; display: block; overflow-x: auto; max-width: 100%; }", html);
        Assert.Contains("(constant-vus, 2 VUs, ", html);
    }

    [Theory]
    [InlineData(1, "1 VU")]
    [InlineData(2, "2 VUs")]
    [InlineData(0, "0 VUs")]
    public void A_single_virtual_user_is_singular(int vus, string expected)
    {
        Assert.Equal(expected, LoadText.Vus(vus));
    }

    [Fact]
    public void Draws_latency_over_time_throughput_and_the_distribution_as_inline_svg()
    {
        var html = Html;
        var charts = Regex.Matches(html, "<svg class=\"chart\".*?</svg>", RegexOptions.Singleline).Select(m => m.Value).ToList();
        Assert.Equal(3, charts.Count);
        Assert.Contains("aria-label=\"Request latency percentiles per interval\"", charts[0]);
        Assert.Contains("aria-label=\"Requests and failed requests per second\"", charts[1]);
        Assert.Contains("aria-label=\"Latency by percentile (HdrHistogram, log scale)\"", charts[2]);
        foreach (var legend in new[] { "p50", "p90", "p95", "p99" })
        {
            Assert.Matches($"<polyline class=\"series s\\d\" points=\"[^\"]+\"><title>{legend}</title>", charts[0]);
        }
        Assert.Matches("<polyline class=\"series bad\" points=\"[^\"]+\"><title>failed/s</title>", charts[1]);
        // The distribution has a curve per request type that was measured (no sync requests ran), and a tail axis.
        Assert.Contains("<title>all requests</title>", charts[2]);
        Assert.Contains("<title>read</title>", charts[2]);
        Assert.Contains("<title>write</title>", charts[2]);
        Assert.DoesNotContain("<title>sync</title>", charts[2]);
        Assert.Contains(">99%</text>", charts[2]);
        // One latency point per interval that carried requests, each within the plot area.
        var intervals = run.Result.Metrics!.Intervals.Count(i => i.Trends.ContainsKey("http_req_duration"));
        var p95 = Regex.Match(charts[0], "points=\"([^\"]+)\"><title>p95</title>").Groups[1].Value.Split(' ');
        Assert.Equal(intervals, p95.Length);
    }

    [Fact]
    public async Task A_run_that_never_started_still_gets_a_page_with_the_reason_and_no_charts()
    {
        using var config = new TempConfig("""{ "baseUrl": "http://127.0.0.1:9", "suites": ["crud"], "profile": "no-such-profile" }""");

        var result = await Infrastructure.Engine.RunAsync(config);

        Assert.Equal(Verdict.InvalidConfiguration, result.Verdict);
        var html = File.ReadAllText(Path.Combine(config.OutputDirectory, HtmlReportWriter.FileName));
        Assert.Contains("<header class=\"verdict error\">", html);
        Assert.Contains(System.Net.WebUtility.HtmlEncode(result.Errors[0].Message), html);
        Assert.DoesNotContain("<svg class=\"chart\"", html);
        Assert.False(File.Exists(Path.Combine(config.OutputDirectory, IntervalWriter.FileName)));
        Assert.False(File.Exists(Path.Combine(config.OutputDirectory, OpenMetricsWriter.FileName)));
    }
}
