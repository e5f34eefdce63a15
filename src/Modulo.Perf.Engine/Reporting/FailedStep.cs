using Modulo.Perf.Engine.Metrics;
using Modulo.Perf.Engine.Outcome;

namespace Modulo.Perf.Engine.Reporting;

/// <summary>One step's failed requests as every report shows them: the total, each status or cause, and the first samples.</summary>
public sealed record FailedStep(string Step, long Count, IReadOnlyList<StepFailures> Outcomes, IReadOnlyList<FailureSample> Samples)
{
    /// <summary>The run's failing steps, the one with the most failures first.</summary>
    public static IReadOnlyList<FailedStep> Of(RunResult result) => result.Metrics is not { } metrics ? [] :
    [
        .. FailureBreakdown.Of(metrics)
            .GroupBy(f => f.Step, StringComparer.Ordinal)
            .Select(g => new FailedStep(g.Key, g.Sum(f => f.Count), [.. g], metrics.FailureSamples.For(g.Key)))
            .OrderByDescending(s => s.Count)
            .ThenBy(s => s.Step, StringComparer.Ordinal),
    ];

    /// <summary><c>POST /api/register → 400</c>, or <c>→ timeout</c> when no response arrived.</summary>
    public static string Describe(FailureSample sample) =>
        $"{sample.Method} {sample.Path} → {(sample.Status == 0 ? sample.Cause : sample.Status.ToString(System.Globalization.CultureInfo.InvariantCulture))}";
}
