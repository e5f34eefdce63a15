namespace Modulo.Perf.Engine.Baselines;

/// <summary>
/// One round of an interleaved comparison: the configured load against one side, measured on its own
/// (per-suite HdrHistograms and counts, as a baseline run stores them). Warm-up rounds are kept for the
/// report but never compared.
/// </summary>
public sealed record InterleavedRound(int Index, BuildRole Role, bool Warmup, BaselineRun Measured);
