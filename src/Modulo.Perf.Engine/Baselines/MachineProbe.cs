using System.Diagnostics;
using System.Security.Cryptography;

namespace Modulo.Perf.Engine.Baselines;

/// <summary>
/// Times a fixed single-threaded CPU workload (hashing 64 MB, about 35 ms a round on a current core), taken just before and just after the load while the
/// service is idle, so it measures the machine rather than the service. On a shared CI runner the service and the
/// load generator slow down together when other jobs take the cores; a probe much slower than during the baseline
/// runs says the machine, not the code, changed, and the comparison is reported inconclusive instead of a regression.
/// </summary>
public static class MachineProbe
{
    // Rounds longer than a scheduler time slice, so a round cannot slip between other jobs' slices unnoticed.
    private const int Rounds = 3;
    private const int HashesPerRound = 4096;
    private static readonly byte[] Block = new byte[16 * 1024];

    /// <summary>The median of a few rounds, in ms: one preemption on an idle machine does not move it, sustained contention does.</summary>
    public static double MeasureMilliseconds()
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        var rounds = new double[Rounds];
        for (var round = 0; round < Rounds; round++)
        {
            var start = Stopwatch.GetTimestamp();
            for (var i = 0; i < HashesPerRound; i++)
            {
                SHA256.HashData(Block, hash);
            }
            rounds[round] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }
        Array.Sort(rounds);
        return Math.Round(rounds[Rounds / 2], 3);
    }
}
