using Modulo.Perf.Engine.Steps;

namespace Modulo.Perf.Engine.Execution;

/// <summary>What an executor may ask of the run: virtual users, iterations, and the VU/drop bookkeeping.</summary>
internal interface IIterationHost
{
    /// <summary>
    /// Allocates a virtual user (its own connections and variables). <paramref name="number"/> is its number in
    /// the whole test (0-based), unique across the instances of a segmented run.
    /// </summary>
    VirtualUser CreateVirtualUser(int number);

    /// <summary>
    /// Runs one iteration on <paramref name="vu"/>. <paramref name="intendedStart"/> is the Stopwatch timestamp at
    /// which the schedule wanted it to start: latency is measured from there, so a late start is not hidden.
    /// Returns normally when the iteration was cut short by <paramref name="hardStop"/>.
    /// </summary>
    ValueTask RunIterationAsync(VirtualUser vu, long intendedStart, CancellationToken hardStop);

    /// <summary>Reports how many VUs are currently running iterations (the vus gauge).</summary>
    void SetActiveVus(int count);

    /// <summary>Counts an open-model iteration that could not start because every VU was busy.</summary>
    void DropIteration();
}
