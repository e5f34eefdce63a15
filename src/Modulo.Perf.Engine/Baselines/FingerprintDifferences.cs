using System.Globalization;
using Modulo.Perf.Engine.Reporting;

namespace Modulo.Perf.Engine.Baselines;

/// <summary>
/// What makes two runs incomparable, in words ("vus 4 → 8"). The config's path is left out on purpose: the same
/// file checked out in another directory (another CI workspace) is the same config, and its hash says so.
/// Likewise a loopback target's port: the MSBuild gate starts the service on a free port each run, and it is
/// still the same local service.
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
        Check("engine version", baseline.EngineVersion, current.EngineVersion);
        Check("processor count", Text(baseline.ProcessorCount), Text(current.ProcessorCount));
        return differences;
    }

    private static string TargetIdentity(string baseUrl) =>
        Uri.TryCreate(baseUrl, UriKind.Absolute, out var uri) && uri.IsLoopback
            ? $"{uri.Scheme}://loopback{uri.AbsolutePath}"
            : baseUrl;

    private static string Text(double value) => value.ToString(CultureInfo.InvariantCulture);

    private static string List(IEnumerable<string> names) => $"[{string.Join(", ", names.Order(StringComparer.Ordinal))}]";

    private static string Short(string hash) => hash.Length > 12 ? hash[..12] : hash;
}
