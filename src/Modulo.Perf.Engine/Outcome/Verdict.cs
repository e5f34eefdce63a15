
namespace Modulo.Perf.Engine.Outcome;

/// <summary>The run's overall outcome; each maps to one exit code.</summary>
public enum Verdict { Pass, Regression, SloViolation, InvalidConfiguration, TargetUnreachable, Error, Interrupted }

public static class VerdictExtensions
{
    /// <summary>The exit code of every verdict but <see cref="Verdict.Interrupted"/>, whose code is its signal's.</summary>
    public static int ExitCode(this Verdict verdict) => verdict switch
    {
        Verdict.Pass => ExitCodes.Pass,
        Verdict.Regression => ExitCodes.Regression,
        Verdict.SloViolation => ExitCodes.SloViolation,
        Verdict.InvalidConfiguration => ExitCodes.InvalidConfiguration,
        Verdict.TargetUnreachable => ExitCodes.TargetUnreachable,
        Verdict.Interrupted => ExitCodes.Interrupted,
        _ => ExitCodes.InternalError,
    };

    /// <summary>The name written to results.json.</summary>
    public static string JsonName(this Verdict verdict) => verdict switch
    {
        Verdict.Pass => "pass",
        Verdict.Regression => "regression",
        Verdict.SloViolation => "slo_violation",
        Verdict.InvalidConfiguration => "invalid_configuration",
        Verdict.TargetUnreachable => "target_unreachable",
        Verdict.Interrupted => "interrupted",
        _ => "error",
    };

    /// <summary>The headline of performance-report.md.</summary>
    public static string Headline(this Verdict verdict) => $"{Emoji(verdict)} {Title(verdict)}";

    /// <summary>The headline without its emoji, for pages that draw their own mark (no emoji font needed).</summary>
    public static string Title(this Verdict verdict) => verdict switch
    {
        Verdict.Pass => "No performance issues detected",
        Verdict.Regression => "Performance regressions detected",
        Verdict.SloViolation => "SLO violations detected",
        Verdict.InvalidConfiguration => "The run could not start: invalid configuration",
        Verdict.TargetUnreachable => "The target could not be reached",
        Verdict.Interrupted => "The run was interrupted: these partial results judge nothing",
        _ => "The engine failed with an internal error",
    };

    private static string Emoji(Verdict verdict) => verdict switch
    {
        Verdict.Pass => "✅",
        Verdict.Regression => "⚠️",
        Verdict.SloViolation => "🚨",
        Verdict.Interrupted => "⏹️",
        _ => "❌",
    };
}
