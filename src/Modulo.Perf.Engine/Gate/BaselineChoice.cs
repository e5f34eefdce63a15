using Modulo.Perf.Engine.Baselines;

namespace Modulo.Perf.Engine.Gate;

/// <summary>The baseline to judge against: <c>--baseline</c>, its content read before any load, and what to do with it.</summary>
/// <param name="Options">Who runs the engine, so the comparison's hints name its flags or the MSBuild properties.</param>
internal sealed record BaselineChoice(string? Path, BaselineFile? Baseline, bool Update, bool AllowFingerprintMismatch, OptionNames Options);
