using Modulo.Perf.Engine.Metrics;
using Modulo.Perf.Engine.Steps.Http;

namespace Modulo.Perf.Engine.Gate;

/// <summary>Failed requests by cause, and the one pattern that means the target was never there: every request refused.</summary>
internal static class FailureCounts
{
    public static Dictionary<string, long> ByCause(MetricRegistry metrics) => FailureCauses.All.ToDictionary(
        cause => cause,
        cause => metrics.QueryRate(MetricCatalog.HttpReqFailed, new Dictionary<string, string> { ["cause"] = cause }).Passes);

    /// <summary>The number of requests when each one was refused, else null.</summary>
    public static long? AllRefused(MetricRegistry metrics, IReadOnlyDictionary<string, long> byCause)
    {
        var requests = metrics.QueryCounter(MetricCatalog.HttpReqs, new Dictionary<string, string>()).Count;
        return requests > 0 && byCause["refused"] == requests ? requests : null;
    }
}
