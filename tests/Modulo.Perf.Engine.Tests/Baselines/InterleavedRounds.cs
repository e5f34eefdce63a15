using Modulo.Perf.Engine.Baselines;
using Modulo.Perf.Engine.Gate;

namespace Modulo.Perf.Engine.Tests.Baselines;

/// <summary>
/// Synthetic interleaved rounds in the real ABBA order: each round's measurements come from a function of its
/// role and place in the run, so a test sets the true change and the noise exactly.
/// </summary>
public static class InterleavedRounds
{
    public const string Suite = "api";

    private static readonly RunFingerprint Fingerprint =
        new("short", "constant-vus", 4, 2, [], [Suite], "/perfgate.json", "hash", "http://127.0.0.1:1/", "0.1.0", 2);

    /// <summary>One measured suite: read p95 in ms, error rate as a fraction, requests per second; and the service's costs, if counted.</summary>
    public sealed record Values(double ReadP95, double ErrorRate = 0, double Rps = 100, long Requests = 1_000, ServiceMeasurement? Service = null);

    /// <summary>Rounds for <paramref name="pairs"/> ABBA pairs after the warm-ups; <paramref name="measure"/> gets (role, round index).</summary>
    public static IReadOnlyList<InterleavedRound> Build(int pairs, Func<BuildRole, int, Values> measure) =>
        [.. AbbaSchedule.Rounds(pairs).Select((round, index) => new InterleavedRound(index, round.Role, round.Warmup, Run(measure(round.Role, index))))];

    private static BaselineRun Run(Values v) => new(
        DateTimeOffset.UnixEpoch, null, Fingerprint, 0,
        new Dictionary<string, SuiteMeasurements>
        {
            [Suite] = new(
                new Dictionary<string, LatencyMeasurement> { ["read_latency_p95"] = new(v.ReadP95, v.ReadP95 * 0.8, v.Requests, "") },
                new ErrorRateMeasurement(v.ErrorRate, v.Requests, (long)(v.ErrorRate * v.Requests)),
                new ThroughputMeasurement(v.Rps, v.Requests, v.Requests / v.Rps)),
        },
        v.Service);
}
