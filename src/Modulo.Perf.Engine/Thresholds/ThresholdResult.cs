namespace Modulo.Perf.Engine.Thresholds;

/// <summary>The outcome of one threshold: its verdict, the measured value, and a sentence for people and build logs.</summary>
/// <param name="Actual">The aggregated value, in <paramref name="Unit"/>; null when the metric received no samples.</param>
public sealed record ThresholdResult(ThresholdDefinition Definition, bool Ok, double? Actual, string Unit, long Samples, string Message);
