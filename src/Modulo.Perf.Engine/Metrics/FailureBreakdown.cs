namespace Modulo.Perf.Engine.Metrics;

/// <summary>
/// Failed requests by step name × status code (or transport cause), read from the <c>http_req_failed</c> series,
/// which the HTTP steps tag with <c>name</c>, <c>status</c> and, when failed, <c>cause</c>. Steps of the same name
/// in different scenarios count together, as k6 groups by the <c>name</c> tag.
/// </summary>
public static class FailureBreakdown
{
    // A failOnCheck failure is named by its cause: its status (200) is the one the step expected.
    private const string FailedCheck = "check";

    private static readonly IReadOnlyDictionary<string, string> Everything = new Dictionary<string, string>();

    /// <summary>Largest first; <paramref name="filter"/> narrows it to requests with those tags (a sub-metric's).</summary>
    public static IReadOnlyList<StepFailures> Of(MetricRegistry registry, IReadOnlyDictionary<string, string>? filter = null)
    {
        filter ??= Everything;
        var outcomes = registry.AllSeries
            .Where(s => s.Metric == MetricCatalog.HttpReqFailed && s.Tags["cause"] is not null && s.Tags.Matches(filter))
            .Select(s => (Step: s.Tags["name"] ?? "", Status: s.Tags["status"] ?? "0", Cause: s.Tags["cause"]!))
            .Distinct();
        return [.. outcomes
            .Select(o => new StepFailures(o.Step, o.Status == "0" || o.Cause == FailedCheck ? o.Cause : o.Status, registry.QueryRate(MetricCatalog.HttpReqFailed,
                new Dictionary<string, string>(filter) { ["name"] = o.Step, ["status"] = o.Status, ["cause"] = o.Cause }).Passes))
            .Where(f => f.Count > 0)
            .OrderByDescending(f => f.Count)
            .ThenBy(f => f.Step, StringComparer.Ordinal)
            .ThenBy(f => f.Outcome, StringComparer.Ordinal)];
    }
}
