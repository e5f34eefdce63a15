using Modulo.Perf.Engine.Execution;
using Modulo.Perf.Engine.Metrics;

namespace Modulo.Perf.Engine.Tests.Execution;

public class ProgressPrinterTests
{
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
