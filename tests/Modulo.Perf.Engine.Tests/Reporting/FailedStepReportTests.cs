using System.Xml.Linq;
using Modulo.Perf.Engine.Reporting;

namespace Modulo.Perf.Engine.Tests.Reporting;

/// <summary>Every report breaks the run's failed requests down by step and status, with the first samples.</summary>
[Collection(ReportedRunCollection.Name)]
public sealed class FailedStepReportTests(ReportedRun run)
{
    [Fact]
    public void The_markdown_report_has_a_row_per_step_and_status_and_the_samples()
    {
        var markdown = run.ReadReport(MarkdownReportWriter.FileName);

        Assert.Contains("## Failed requests by step", markdown);
        Assert.Matches(@"\| flaky \| 500 \| [\d,]+ \|", markdown);
        Assert.Contains("- `GET /flaky → 500`", markdown);
    }

    [Fact]
    public void The_html_report_has_a_row_per_step_and_status_and_the_samples()
    {
        var html = run.ReadReport(HtmlReportWriter.FileName);

        Assert.Contains("<h2>Failed requests by step</h2>", html);
        Assert.Contains("<tr><td><code>flaky</code></td><td>500</td>", html);
        Assert.Contains("<summary>First failures of <code>flaky</code></summary>", html);
    }

    [Fact]
    public void The_junit_report_carries_the_breakdown_beside_the_thresholds()
    {
        var junit = XDocument.Parse(run.ReadReport(JUnitReportWriter.FileName));

        var suite = junit.Root!.Elements("testsuite").Single(s => (string?)s.Attribute("name") == JUnitReportWriter.ThresholdsSuite);
        var breakdown = suite.Element("system-err")!.Value;
        Assert.Matches(@"flaky: 500 \(\d+\)", breakdown);
        Assert.Contains("GET /flaky → 500", breakdown);
    }
}
