namespace Modulo.Sample.Api.Faults;

/// <summary>
/// What the faults do to one request: a fixed delay, a random extra of up to <see cref="Jitter"/>, a share of 500s,
/// <see cref="AllocationBytes"/> allocated and dropped, and <see cref="Spin"/> of busy CPU.
/// </summary>
public sealed record FaultEffect(TimeSpan Delay, TimeSpan Jitter, double ErrorRate, long AllocationBytes = 0, TimeSpan Spin = default)
{
    public static FaultEffect None { get; } = new(TimeSpan.Zero, TimeSpan.Zero, 0);

    /// <summary>Several matching rules add their delays, jitters, allocations and spins; their errors are independent chances.</summary>
    public FaultEffect CombineWith(FaultEffect other) =>
        new(Delay + other.Delay, Jitter + other.Jitter, 1 - ((1 - ErrorRate) * (1 - other.ErrorRate)),
            AllocationBytes + other.AllocationBytes, Spin + other.Spin);

    public TimeSpan NextLatency() => Delay + (Jitter * Random.Shared.NextDouble());

    public bool NextIsError() => ErrorRate > 0 && Random.Shared.NextDouble() < ErrorRate;
}
