namespace Modulo.Perf.Engine.Baselines;

/// <summary>
/// How the person who started the run sets the options a baseline message tells them about: command-line flags
/// for <c>modulo-perf run</c>, MSBuild properties when the engine runs under the PerfGate target
/// (<c>--caller msbuild</c>). A hint naming a flag that the build does not take sends people looking for it.
/// </summary>
public sealed record OptionNames(string UpdateBaseline, string AllowFingerprintMismatch)
{
    public const string CliCaller = "cli";
    public const string MsBuildCaller = "msbuild";

    public static OptionNames Cli { get; } = new("--update-baseline", "--allow-fingerprint-mismatch");

    public static OptionNames MsBuild { get; } = new("-p:PerfGateUpdateBaseline=true", "-p:PerfGateAllowFingerprintMismatch=true");

    /// <summary>The names for <c>--caller</c>'s value: <see cref="MsBuildCaller"/> or <see cref="CliCaller"/>.</summary>
    public static OptionNames For(string caller) => caller == MsBuildCaller ? MsBuild : Cli;
}
