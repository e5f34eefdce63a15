namespace Modulo.Perf.Engine.ServiceCounters;

/// <summary>
/// One published value of a counter. An increment is what happened during the interval (allocated bytes,
/// collections, a histogram's sum with its <paramref name="Count"/>); otherwise it is a level (CPU %, heap size).
/// <paramref name="IntervalSeconds"/> is the time the runtime's counter covers (0 for the meters, which do not say).
/// </summary>
internal readonly record struct CounterReading(string Name, double Value, bool IsIncrement, long Count = 0, double IntervalSeconds = 0);
