namespace Modulo.Perf.Engine.Baselines;

/// <summary>The verdict on one compared metric.</summary>
public enum ComparisonOutcome { Unchanged, Improvement, Regression, Inconclusive }

public static class ComparisonOutcomeExtensions
{
    /// <summary>The verdict as every message and report table names it.</summary>
    public static string Word(this ComparisonOutcome outcome) => outcome switch
    {
        ComparisonOutcome.Regression => "regression",
        ComparisonOutcome.Improvement => "improvement",
        ComparisonOutcome.Inconclusive => "inconclusive",
        _ => "no regression",
    };
}
