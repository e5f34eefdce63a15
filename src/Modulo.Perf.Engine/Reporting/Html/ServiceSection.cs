using System.Globalization;
using System.Net;
using System.Text;
using Modulo.Perf.Engine.ServiceCounters;

namespace Modulo.Perf.Engine.Reporting.Html;

/// <summary>
/// The HTML report's part on the service's own runtime counters (--service-pid): its CPU and its allocation per
/// second on the run's clock, so they read beside the latency and throughput charts above; or why there are none.
/// </summary>
public static class ServiceSection
{
    public static void Append(StringBuilder html, ServiceCounterReport? service)
    {
        if (service is null)
        {
            return;
        }
        html.Append("<h2>The service's runtime counters</h2>\n");
        if (service.Problem is { } problem)
        {
            html.Append($"<p class=\"notice\">{WebUtility.HtmlEncode(problem)}.</p>\n");
        }
        if (service.Timeline.Count == 0)
        {
            return;
        }
        var axis = ChartAxis.Linear(0, service.Timeline.Max(p => p.Seconds), targetTicks: 10, endAtMax: true);
        html.Append(Chart("Service CPU (% of the machine)", "CPU (%)", axis, "cpu", service.Timeline.Select(p => new ChartPoint(p.Seconds, p.CpuPercent))));
        html.Append(Chart("Service allocation per second", "allocated (MB/s)", axis, "allocated", service.Timeline.Select(p => new ChartPoint(p.Seconds, p.AllocatedBytes / (1024 * 1024)))));
        html.Append(string.Create(CultureInfo.InvariantCulture,
            $"<p class=\"note\">The service ({WebUtility.HtmlEncode(service.Target.ToString())}), one point a second from the runtime's own counters (System.Runtime); per-request values are the service_* metrics below.</p>\n"));
    }

    private static string Chart(string title, string yLabel, ChartAxis x, string name, IEnumerable<ChartPoint> points)
    {
        var series = points.ToList();
        return new SvgLineChart
        {
            Title = title,
            XLabel = "seconds into the run",
            YLabel = yLabel,
            X = x,
            Y = ChartAxis.Linear(0, series.Select(p => p.Y).DefaultIfEmpty(0).Max()),
            Series = [new ChartSeries(name, "s1", series)],
        }.Render() + "\n";
    }
}
