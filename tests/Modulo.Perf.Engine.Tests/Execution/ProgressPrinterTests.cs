using Modulo.Perf.Engine.Execution;
using Modulo.Perf.Engine.Metrics;

namespace Modulo.Perf.Engine.Tests.Execution;

/// <summary>The progress line: its clock, and the step that fails most once requests fail (nothing of it before).</summary>
public class ProgressPrinterTests
{
    private static TagSet Request(string step, string status, string? cause)
    {
        var tags = new TagSet(new Dictionary<string, string> { ["name"] = step, ["status"] = status });
        return cause is null ? tags : tags.With("cause", cause);
    }

    private static string PrintedLine(MetricRegistry registry)
    {
        registry.Collect();
        using var output = new StringWriter();
        new ProgressPrinter(registry, TimeSpan.FromSeconds(30), output).Print(4);
        return output.ToString();
    }

    [Fact]
    public void The_line_names_the_worst_step_and_status_once_requests_fail()
    {
        var registry = new MetricRegistry();
        var ok = registry.Register(MetricCatalog.HttpReqFailed, Request("list", "200", null)).Id;
        var rejected = registry.Register(MetricCatalog.HttpReqFailed, Request("register", "400", "status")).Id;
        var timedOut = registry.Register(MetricCatalog.HttpReqFailed, Request("list", "0", "timeout")).Id;
        Assert.DoesNotContain("worst=", PrintedLine(registry));

        for (var i = 0; i < 10; i++)
        {
            registry.AddRate(ok, false);
        }
        Assert.DoesNotContain("worst=", PrintedLine(registry));

        for (var i = 0; i < 3; i++)
        {
            registry.AddRate(rejected, true);
        }
        registry.AddRate(timedOut, true);
        var line = PrintedLine(registry);

        Assert.Contains("errors=28.57 %", line);
        Assert.EndsWith("worst=register → 400 (3)" + Environment.NewLine, line);
    }

    [Theory]
    [InlineData(30, "[modulo-perf] 00:00/00:30 vus=3 ")]
    [InlineData(59 * 60 + 59, "[modulo-perf] 00:00/59:59 vus=3 ")]
    [InlineData(2 * 3600 + 5 * 60 + 7, "[modulo-perf] 0:00:00/2:05:07 vus=3 ")]
    [InlineData(168 * 3600, "[modulo-perf] 0:00:00/168:00:00 vus=3 ")]
    public void The_clock_shows_hours_once_the_run_lasts_an_hour(int totalSeconds, string start)
    {
        var output = new StringWriter();

        new ProgressPrinter(new MetricRegistry(), TimeSpan.FromSeconds(totalSeconds), output).Print(3);

        Assert.StartsWith(start, output.ToString());
    }
}
