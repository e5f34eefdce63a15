namespace Modulo.Perf.Engine.Baselines;

/// <summary>What the 99 % interval of one metric's head-vs-base change says against its tolerance.</summary>
public enum InterleavedOutcome
{
    /// <summary>The whole interval lies within the tolerance on both sides.</summary>
    NoChange,
    /// <summary>The whole interval lies beyond the tolerance on the worse side.</summary>
    Regression,
    /// <summary>The whole interval lies beyond the tolerance on the better side.</summary>
    Improvement,
    /// <summary>The interval straddles a tolerance, or the data cannot give one.</summary>
    Inconclusive,
}

public static class InterleavedOutcomeExtensions
{
    public static string JsonName(this InterleavedOutcome outcome) => outcome switch
    {
        InterleavedOutcome.NoChange => "no_change",
        InterleavedOutcome.Regression => "regression",
        InterleavedOutcome.Improvement => "improvement",
        _ => "inconclusive",
    };
}
