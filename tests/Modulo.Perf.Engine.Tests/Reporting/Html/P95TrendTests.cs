using System.Text.RegularExpressions;
using Modulo.Perf.Engine.Baselines;
using Modulo.Perf.Engine.Metrics;
using Modulo.Perf.Engine.Reporting.Html;

namespace Modulo.Perf.Engine.Tests.Reporting.Html;

/// <summary>The p95 history chart never draws one line through runs that measured different things.</summary>
public class P95TrendTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly RunFingerprint Release =
        new("short", "constant-vus", 4, 2, [], ["api"], "/perfgate.json", "hash", "http://127.0.0.1:1/", "0.1.0", 2, "Release", "net10.0");

    private static BaselineRun Run(int hour, RunFingerprint fingerprint)
    {
        var registry = new MetricRegistry();
        var read = registry.Register(MetricCatalog.HttpReqDuration, new TagSet(new Dictionary<string, string> { ["scenario"] = "api", ["type"] = "read" })).Id;
        for (var i = 1; i <= 100; i++)
        {
            registry.RecordTrend(read, 100L * i);
        }
        registry.Collect();
        return RunMeasurements.Capture(registry, ["api"], fingerprint, Start.AddHours(hour), null, 20);
    }

    private static string Chart(params BaselineRun[] runs) => ReportCharts.P95Trend(new BaselineComparison
    {
        BaselinePath = "/b.json",
        Current = runs[^1],
        History = runs[..^1],
    })!.Render();

    private static List<int> LineLengths(string svg) =>
        [.. Regex.Matches(svg, "points=\"([^\"]+)\"><title>api read_latency_p95</title>").Select(m => m.Groups[1].Value.Split(' ').Length)];

    [Fact]
    public void Runs_of_one_fingerprint_are_one_line_without_markers()
    {
        var svg = Chart(Run(0, Release), Run(1, Release), Run(2, Release));

        Assert.Equal([3], LineLengths(svg));
        Assert.DoesNotContain("class=\"marker\"", svg);
    }

    [Fact]
    public void A_fingerprint_change_breaks_the_line_and_a_marker_names_the_difference()
    {
        var debug = Release with { BuildConfiguration = "Debug" };

        var svg = Chart(Run(0, Release), Run(1, Release), Run(2, debug), Run(3, debug));

        Assert.Equal([2, 2], LineLengths(svg));
        var marker = Assert.Single(Regex.Matches(svg, "<line class=\"marker\"[^>]*><title>([^<]*)</title>"));
        Assert.Equal("fingerprint changed: build configuration Release → Debug", marker.Groups[1].Value);
    }
}
