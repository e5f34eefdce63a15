namespace Modulo.Perf.Engine.Baselines;

/// <summary>The three rules of the comparison; each maps to one MSBuild warning (PERF2001, PERF2002, PERF2003).</summary>
public enum ComparisonKind { Latency, ErrorRate, Throughput }

public static class ComparisonKindExtensions
{
    /// <summary>The name written to results.json's <c>regressions[].kind</c>.</summary>
    public static string JsonName(this ComparisonKind kind) => kind switch
    {
        ComparisonKind.Latency => "latency",
        ComparisonKind.ErrorRate => "error_rate",
        _ => "throughput",
    };
}
