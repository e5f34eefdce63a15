namespace Modulo.Perf.Engine.Thresholds;

/// <summary>The outcome of one threshold: its verdict, the measured value, and a sentence for people and build logs.</summary>
/// <param name="Actual">The aggregated value, in <paramref name="Unit"/>, unrounded; null when the metric received no samples.</param>
/// <param name="Shown">
/// <paramref name="Actual"/> as every report prints it, with its unit (and a rate's counts), rounded so that it never
/// reads as passing when it failed; null when the metric received no samples.
/// </param>
public sealed record ThresholdResult(ThresholdDefinition Definition, bool Ok, double? Actual, string Unit, long Samples, string Message, string? Shown = null)
{
    /// <summary><see cref="Shown"/>, or "no samples".</summary>
    public string ShownOrNoSamples => Shown ?? "no samples";
}
