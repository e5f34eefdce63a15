namespace Modulo.Perf.Engine.Baselines;

/// <summary>
/// The one line that says what became of the baseline in this run: recorded, compared without a regression,
/// regressed, or not compared because it was recorded under another fingerprint (its differences listed once
/// here, not on every metric). The console, the MSBuild log, results.json and the reports all print it.
/// </summary>
public static class ComparisonHeadline
{
    public static string For(BaselineComparison comparison)
    {
        var path = comparison.BaselinePath;
        var options = comparison.Options;
        var stored = comparison.History.Count;
        if (stored == 0)
        {
            return comparison.BaselineUpdated
                ? $"Baseline: this run was recorded as the first in {path}."
                : $"Baseline: none at {path} yet; add {options.UpdateBaseline} to record this run when its SLOs pass.";
        }
        var added = comparison.BaselineUpdated ? "; this run was added to it" : "";
        var runs = stored == 1 ? "1 stored run" : $"{stored} stored runs";
        if (comparison.FingerprintDifferences.Count > 0)
        {
            var differences = string.Join("; ", comparison.FingerprintDifferences);
            return comparison.FingerprintMismatchAllowed
                ? $"Baseline: compared with {runs} in {path} although it was recorded with another fingerprint ({differences}){added}."
                : $"Baseline: not compared, {path} was recorded with another fingerprint ({differences}); add {options.AllowFingerprintMismatch} to compare anyway, or {options.UpdateBaseline} to record this fingerprint{added}.";
        }
        var regressions = comparison.Metrics.Count(m => m.Regression);
        var inconclusive = comparison.Metrics.Count(m => m.Inconclusive);
        var verdict = regressions switch
        {
            0 => "no regression",
            1 => "1 regression",
            _ => $"{regressions} regressions",
        };
        var undecided = inconclusive == 0 ? "" : $" ({inconclusive} more inconclusive)";
        return $"Baseline: {verdict} in {comparison.Metrics.Count - inconclusive} judged metric(s){undecided} against {runs} in {path}{added}.";
    }
}
