using System.Globalization;
using Modulo.Perf.Engine.Metrics;

namespace Modulo.Perf.Engine.Execution;

/// <summary>
/// The line printed every 5 s on stderr while load runs:
/// <c>[modulo-perf] 00:10/00:30 vus=4 req/s=812.3 p95=2.41ms errors=0.00 %</c>, plus <c>ws_p95=</c> once
/// WebSocket round trips were measured, <c>svc_cpu=0.31ms/req svc_alloc=12.4KB/req</c> once the service's runtime
/// counters arrive (--service-pid), and <c>worst=register → 400 (120)</c> once requests failed: the step and status
/// that failed most. Throughput is over the last 5 s; percentiles and errors over the run so far.
/// Runs of an hour or more show hours too: <c>1:02:05/2:00:00</c>.
/// </summary>
internal sealed class ProgressPrinter(MetricRegistry registry, TimeSpan total, TextWriter output)
{
    private static readonly IReadOnlyDictionary<string, string> NoFilter = new Dictionary<string, string>();
    private int _printedIntervals;

    public void Print(double activeVus)
    {
        var intervals = registry.Intervals;
        var window = intervals.Skip(_printedIntervals).ToArray();
        _printedIntervals = intervals.Count;
        var seconds = window.Length == 0 ? 0 : window[^1].EndSeconds - window[0].StartSeconds;
        var requests = window.Sum(i => i.CounterDeltas.GetValueOrDefault(MetricCatalog.HttpReqs));
        var rps = seconds > 0 ? requests / seconds : 0;
        var p95 = registry.QueryTrend(MetricCatalog.HttpReqDuration, NoFilter).Percentile(95);
        var errors = registry.QueryRate(MetricCatalog.HttpReqFailed, NoFilter).Rate;
        var webSocket = registry.QueryTrend(MetricCatalog.WsMessageLatency, NoFilter);
        var elapsed = TimeSpan.FromSeconds(registry.ElapsedSeconds);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"[modulo-perf] {Clock(elapsed)}/{Clock(total)} vus={activeVus:0} req/s={rps:0.0} p95={p95:0.##}ms errors={errors:P2}")
            + (webSocket.SampleCount > 0 ? string.Create(CultureInfo.InvariantCulture, $" ws_p95={webSocket.Percentile(95):0.##}ms") : "")
            + ServicePart()
            + (errors > 0 && FailureBreakdown.Of(registry) is [var worst, ..] ? $" worst={worst}" : ""));
    }

    private string ServicePart()
    {
        if (!registry.HasSeries(MetricCatalog.ServiceAllocPerRequest, NoFilter))
        {
            return "";
        }
        var cpu = ((GaugeAggregate)registry.Query(MetricCatalog.ServiceCpuPerRequest, NoFilter)).Value;
        var alloc = ((GaugeAggregate)registry.Query(MetricCatalog.ServiceAllocPerRequest, NoFilter)).Value;
        return string.Create(CultureInfo.InvariantCulture, $" svc_cpu={cpu:0.###}ms/req svc_alloc={alloc / 1024:0.#}KB/req");
    }

    // Both sides in one format, chosen by the planned total, so the line does not change shape mid-run.
    private string Clock(TimeSpan time) => total >= TimeSpan.FromHours(1)
        ? string.Create(CultureInfo.InvariantCulture, $"{(int)time.TotalHours}:{time:mm\\:ss}")
        : string.Create(CultureInfo.InvariantCulture, $"{(int)time.TotalMinutes:00}:{time:ss}");
}
