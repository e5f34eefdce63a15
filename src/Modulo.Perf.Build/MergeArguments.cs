namespace Modulo.Perf.Build;

/// <summary>
/// The engine's command line for <c>PerfGateMergeFrom</c>: <c>merge DIR... --config FILE --out DIR</c>, plus the
/// baseline options, which mean the same as for a run.
/// </summary>
public sealed class MergeArguments(IReadOnlyList<string> directories, string configFile, string reportDirectory)
{
    public string Baseline { get; init; } = "";
    public bool UpdateBaseline { get; init; }
    public bool AllowFingerprintMismatch { get; init; }

    public IReadOnlyList<string> ToList()
    {
        var arguments = new List<string> { "merge" };
        arguments.AddRange(directories);
        arguments.AddRange(["--config", configFile, "--out", reportDirectory]);
        if (!string.IsNullOrWhiteSpace(Baseline))
        {
            arguments.AddRange(["--baseline", Baseline]);
        }
        if (UpdateBaseline)
        {
            arguments.Add("--update-baseline");
        }
        if (AllowFingerprintMismatch)
        {
            arguments.Add("--allow-fingerprint-mismatch");
        }
        return arguments;
    }
}
