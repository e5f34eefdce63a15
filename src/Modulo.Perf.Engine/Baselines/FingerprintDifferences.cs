using System.Globalization;

namespace Modulo.Perf.Engine.Baselines;

/// <summary>
/// What makes two runs incomparable, in words ("vus 4 → 8"). The config's path is left out on purpose: the same
/// file checked out in another directory (another CI workspace) is the same config, and its hash says so.
/// Likewise a loopback target's port (the MSBuild gate starts the service on a free port each run, and it is
/// still the same local service) and the engine's patch and pre-release parts (every pack of a development build
/// has its own version). An unknown build configuration or target framework (a standalone run that did not name
/// it, or a baseline from before they were recorded) differs from a known one: a Debug build measured against a
/// Release baseline is exactly the comparison this guards against.
/// </summary>
public static class FingerprintDifferences
{
    public static IReadOnlyList<string> Between(RunFingerprint baseline, RunFingerprint current)
    {
        var differences = new List<string>();
        void Check(string what, string was, string now)
        {
            if (was != now)
            {
                differences.Add($"{what} {was} → {now}");
            }
        }
        Check("profile", baseline.Profile, current.Profile);
        Check("executor", baseline.Executor, current.Executor);
        Check("vus", Text(baseline.Vus), Text(current.Vus));
        Check("duration", $"{Text(baseline.DurationSeconds)} s", $"{Text(current.DurationSeconds)} s");
        Check("suites", List(baseline.Suites), List(current.Suites));
        Check("scenarios", List(baseline.Scenarios), List(current.Scenarios));
        Check("config hash", Short(baseline.ConfigHash), Short(current.ConfigHash));
        Check("target", TargetIdentity(baseline.BaseUrl), TargetIdentity(current.BaseUrl));
        Check("engine version", MeasuringVersion(baseline.EngineVersion), MeasuringVersion(current.EngineVersion));
        Check("processor count", Text(baseline.ProcessorCount), Text(current.ProcessorCount));
        Check("build configuration", Known(baseline.BuildConfiguration), Known(current.BuildConfiguration));
        Check("target framework", Known(baseline.TargetFramework), Known(current.TargetFramework));
        return differences;
    }

    // Major.minor: a patch or a development build (0.1.0-dev.20261127) measures the same way; a minor release may not.
    private static string MeasuringVersion(string version) =>
        Version.TryParse(version.Split('-', '+')[0], out var parsed) ? $"{parsed.Major}.{parsed.Minor}" : version;

    private static string TargetIdentity(string baseUrl) =>
        Uri.TryCreate(baseUrl, UriKind.Absolute, out var uri) && uri.IsLoopback
            ? $"{uri.Scheme}://loopback{uri.AbsolutePath}"
            : baseUrl;

    private static string Text(double value) => value.ToString(CultureInfo.InvariantCulture);

    private static string List(IEnumerable<string> names) => $"[{string.Join(", ", names.Order(StringComparer.Ordinal))}]";

    private static string Known(string? value) => string.IsNullOrEmpty(value) ? "unknown" : value;

    private static string Short(string hash) => hash.Length > 12 ? hash[..12] : hash;
}
