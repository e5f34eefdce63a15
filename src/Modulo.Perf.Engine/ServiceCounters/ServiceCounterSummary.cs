namespace Modulo.Perf.Engine.ServiceCounters;

/// <summary>
/// One counter over the load: <paramref name="Total"/> for counters that publish increments (null for levels),
/// the largest and the mean published value, and the last one.
/// </summary>
public sealed record ServiceCounterSummary(string Name, string Unit, double? Total, double Max, double Mean, double Last);
