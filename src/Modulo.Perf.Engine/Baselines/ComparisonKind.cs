namespace Modulo.Perf.Engine.Baselines;

/// <summary>
/// The rules of the comparison; each maps to one MSBuild warning (PERF2001 latency, PERF2002 error rate, PERF2003
/// throughput, PERF2004 the service's allocation per request, PERF2005 its CPU per request).
/// </summary>
public enum ComparisonKind { Latency, ErrorRate, Throughput, AllocPerRequest, CpuPerRequest }

public static class ComparisonKindExtensions
{
    /// <summary>The name written to results.json's <c>regressions[].kind</c>.</summary>
    public static string JsonName(this ComparisonKind kind) => kind switch
    {
        ComparisonKind.Latency => "latency",
        ComparisonKind.ErrorRate => "error_rate",
        ComparisonKind.AllocPerRequest => "alloc_per_request",
        ComparisonKind.CpuPerRequest => "cpu_per_request",
        _ => "throughput",
    };
}
