namespace Modulo.Perf.Engine.ServiceCounters;

/// <summary>One second of the service on the run's clock: its CPU (% of the machine) and the bytes it allocated.</summary>
public sealed record ServiceCounterPoint(double Seconds, double CpuPercent, double AllocatedBytes);
