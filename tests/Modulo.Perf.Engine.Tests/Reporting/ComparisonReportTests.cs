using System.Net;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Modulo.Perf.Engine.Baselines;
using Modulo.Perf.Engine.Outcome;
using Modulo.Perf.Engine.Reporting;
using Modulo.Perf.Engine.Tests.Baselines;
using Modulo.Perf.Engine.Tests.Infrastructure;

namespace Modulo.Perf.Engine.Tests.Reporting;

/// <summary>
/// The baseline comparison in the HTML report and junit.xml, from real runs: a baseline of a service, then the
/// same service with reads six times slower, which the comparison flags whatever the machine's noise.
/// </summary>
[Collection(LoadRuns.Name)]
public class ComparisonReportTests
{
    [Fact]
    public async Task A_slower_service_shows_its_regression_in_the_html_table_the_p95_trend_and_junit()
    {
        await using var service = await TunableService.StartAsync();
        service.ReadDelayMs = 10;
        service.WriteDelayMs = 10;
        using var config = new TempConfig(service.Config());
        // A warm-up, then the three recorded runs a regression needs: the trend has history to draw.
        await Infrastructure.Engine.RunAsync(config, o => o with { Duration = TimeSpan.FromSeconds(1) });
        await Infrastructure.Engine.RecordBaselineAsync(config);

        service.ReadDelayMs = 60;
        var result = await Infrastructure.Engine.RunAsync(config);

        var comparison = result.Comparison!;
        var read = comparison.Metrics.Single(m => m.Metric == "read_latency_p95");
        Assert.True(read.Regression, read.Reason);
        Assert.Equal(Verdict.Regression, result.Verdict);

        var html = File.ReadAllText(Path.Combine(config.OutputDirectory, HtmlReportWriter.FileName));
        Assert.Contains("<header class=\"verdict warn\">", html);
        var rows = Regex.Matches(html, "<tr class=\"(regression|inconclusive|improvement|ok)\">.*?</tr>").Select(m => m.Value).ToList();
        Assert.Equal(comparison.Metrics.Count, rows.Count);
        foreach (var (m, row) in comparison.Metrics.Zip(rows))
        {
            Assert.StartsWith($"<tr class=\"{(m.Outcome == ComparisonOutcome.Unchanged ? "ok" : m.Outcome.Word())}\">", row);
            Assert.Contains($"<code>{m.Metric}</code>", row);
            Assert.Contains($">{WebUtility.HtmlEncode(ComparisonFormat.Change(m))}<", row);
        }
        var trend = Regex.Match(html, "<svg class=\"chart\"[^>]*aria-label=\"p95 latency over the baseline history\".*?</svg>", RegexOptions.Singleline);
        Assert.True(trend.Success, "the p95 trend chart is drawn");
        // Three stored runs and this one: four points on the read line, the last labelled "this run".
        var line = Regex.Match(trend.Value, "points=\"([^\"]+)\"><title>api read_latency_p95</title>").Groups[1].Value;
        Assert.Equal(4, line.Split(' ').Length);
        Assert.Contains(">this run</text>", trend.Value);

        var suite = XDocument.Load(Path.Combine(config.OutputDirectory, JUnitReportWriter.FileName)).Root!
            .Elements("testsuite").Single(s => (string?)s.Attribute("name") == JUnitReportWriter.RegressionsSuite);
        Assert.Equal(comparison.Metrics.Count, (int)suite.Attribute("tests")!);
        Assert.Equal(comparison.Metrics.Count(m => m.Regression), (int)suite.Attribute("failures")!);
        Assert.Equal(comparison.Metrics.Count(m => m.Inconclusive && !m.Regression), (int)suite.Attribute("skipped")!);
        var failure = suite.Elements("testcase").Single(c => (string?)c.Attribute("name") == "api read_latency_p95").Element("failure")!;
        Assert.Equal(ComparisonFormat.Message(read), (string?)failure.Attribute("message"));
        Assert.Contains($"{ComparisonFormat.Value(ComparisonKind.Latency, read.Current)} against a baseline of {ComparisonFormat.Value(ComparisonKind.Latency, read.Baseline)}", failure.Value);
        Assert.Contains(read.Reason, failure.Value);
    }
}
