using System.Xml.Linq;
using Modulo.Perf.Engine.Outcome;
using Modulo.Perf.Engine.Reporting;
using Modulo.Perf.Engine.Tests.Infrastructure;

namespace Modulo.Perf.Engine.Tests.Reporting;

[Collection(ReportedRunCollection.Name)]
public class JUnitReportTests(ReportedRun run)
{
    private XDocument Load() => XDocument.Load(Path.Combine(run.OutputDirectory, JUnitReportWriter.FileName));

    [Fact]
    public void Every_threshold_is_a_test_case_and_the_counts_add_up()
    {
        var root = Load().Root!;
        Assert.Equal("testsuites", root.Name.LocalName);
        var suite = Assert.Single(root.Elements("testsuite"));
        Assert.Equal(JUnitReportWriter.ThresholdsSuite, (string?)suite.Attribute("name"));
        var cases = suite.Elements("testcase").ToList();
        var failed = run.Result.Thresholds.Count(t => !t.Ok);
        Assert.Equal(4, cases.Count);
        Assert.Equal(2, failed);
        foreach (var element in new[] { root, suite })
        {
            Assert.Equal(cases.Count, (int)element.Attribute("tests")!);
            Assert.Equal(failed, (int)element.Attribute("failures")!);
            Assert.Equal(0, (int)element.Attribute("errors")!);
        }
        Assert.Equal(
            run.Result.Thresholds.Select(t => $"{t.Definition.Selector.Text} {t.Definition.Source}"),
            cases.Select(c => (string)c.Attribute("name")!));
    }

    [Fact]
    public void A_failure_carries_the_measured_value_and_where_the_threshold_is_written()
    {
        var write = run.Result.Thresholds.Single(t => t.Definition.Selector.Text == "slo_write_latency");
        var testCase = Load().Descendants("testcase").Single(c => (string?)c.Attribute("name") == "slo_write_latency p(95)<1");
        var failure = testCase.Element("failure")!;

        Assert.Equal(write.Message, (string?)failure.Attribute("message"));
        Assert.Contains($"p(95)={write.Shown}", failure.Value);
        Assert.True(write.Actual >= 20, $"a 20 ms write measured {write.Actual} ms");
        Assert.Contains($"samples: {write.Samples}", failure.Value);
        Assert.Equal(write.Definition.Location.File, (string?)testCase.Attribute("file"));
        Assert.Equal(write.Definition.Location.Line, (int)testCase.Attribute("line")!);
    }

    [Fact]
    public void A_threshold_without_samples_fails_and_says_so_and_a_passed_one_keeps_its_value()
    {
        var cases = Load().Descendants("testcase").ToDictionary(c => (string)c.Attribute("name")!);

        Assert.Contains("measured: no samples", cases["slo_sync_latency p(95)<100"].Element("failure")!.Value);
        var read = run.Result.Thresholds.Single(t => t.Definition.Selector.Text == "slo_read_latency");
        var passed = cases["slo_read_latency p(95)<1000"];
        Assert.Null(passed.Element("failure"));
        Assert.Contains($"p(95)={read.Shown}", passed.Element("system-out")!.Value);
    }

    [Fact]
    public void Is_written_without_a_byte_order_mark()
    {
        var bytes = File.ReadAllBytes(Path.Combine(run.OutputDirectory, JUnitReportWriter.FileName));
        Assert.Equal("<?xml"u8.ToArray(), bytes[..5]);
    }

    [Fact]
    public async Task An_unreachable_target_is_an_error_test_case_not_an_empty_report()
    {
        // Port 9 (discard) on loopback: nothing listens there, so the probe is refused.
        using var config = new TempConfig("""{ "baseUrl": "http://127.0.0.1:9", "suites": ["crud"], "thresholds": { "slo_read_latency": ["p(95)<200"] } }""");

        var result = await Infrastructure.Engine.RunAsync(config);

        Assert.Equal(Verdict.TargetUnreachable, result.Verdict);
        var root = XDocument.Load(Path.Combine(config.OutputDirectory, JUnitReportWriter.FileName)).Root!;
        Assert.Equal(1, (int)root.Attribute("errors")!);
        var suite = Assert.Single(root.Elements("testsuite"));
        Assert.Equal(JUnitReportWriter.RunSuite, (string?)suite.Attribute("name"));
        var error = suite.Element("testcase")!.Element("error")!;
        Assert.Equal(RunError.Unreachable, (string?)error.Attribute("type"));
        Assert.Equal(result.Errors[0].Message, (string?)error.Attribute("message"));
    }
}
