using Modulo.Perf.Engine.Baselines;

namespace Modulo.Perf.Engine.Gate;

/// <summary>The baseline to judge against: <c>--baseline</c>, its content read before any load, and what to do with it.</summary>
internal sealed record BaselineChoice(string? Path, BaselineFile? Baseline, bool Update, bool AllowFingerprintMismatch);
