using System.Diagnostics;

namespace Modulo.Perf.Engine.Baselines;

/// <summary>
/// An exclusive lock on a baseline held through <c>FILE.lock</c> beside it, so two runs updating one baseline take
/// turns instead of one overwriting the other's history entry. The lock is the operating system's (FileShare.None:
/// flock on Unix, a sharing lock on Windows), so a crashed holder releases it; the lock file itself is never
/// deleted, because deleting it would let a waiter and a newcomer lock two different files at once.
/// </summary>
public sealed class BaselineLock : IDisposable
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(50);
    private readonly FileStream _stream;

    private BaselineLock(FileStream stream) => _stream = stream;

    /// <summary>Waits up to <paramref name="timeout"/>; throws <see cref="IOException"/> if the lock stays taken.</summary>
    public static BaselineLock Acquire(string baselinePath, TimeSpan timeout)
    {
        var lockPath = baselinePath + ".lock";
        var waiting = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return new BaselineLock(new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException) when (waiting.Elapsed < timeout && File.Exists(lockPath))
            {
                Thread.Sleep(RetryDelay + TimeSpan.FromMilliseconds(Random.Shared.Next(50)));
            }
        }
    }

    public void Dispose() => _stream.Dispose();
}
