namespace Modulo.Perf.Engine.Baselines;

/// <summary>Where a run's baseline lives: <c>--baseline FILE</c>, or perf-baselines/ beside the config.</summary>
public static class BaselineLocation
{
    public const string DefaultDirectory = "perf-baselines";
    public const string DefaultFileName = "performance-baselines.json";

    public static string Resolve(string? baselineOption, string configPath) =>
        Path.GetFullPath(baselineOption ?? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(configPath))!, DefaultDirectory, DefaultFileName));
}
