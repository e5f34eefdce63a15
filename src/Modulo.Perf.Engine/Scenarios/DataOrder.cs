namespace Modulo.Perf.Engine.Scenarios;

/// <summary>How a data feeder hands its rows to iterations.</summary>
public enum DataOrder
{
    /// <summary>Row 1, 2, 3, ... across all VUs, starting again after the last.</summary>
    Sequential,
    /// <summary>A random row for every iteration (rows may repeat).</summary>
    Random,
    /// <summary>Each row to at most one iteration in the whole run; the scenarios using it stop when none is left.</summary>
    Unique,
}
