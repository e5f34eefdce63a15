namespace Modulo.Sample.Api.Faults;

/// <summary>What the faults do to one request: a fixed delay, a random extra of up to <see cref="Jitter"/>, a share of 500s.</summary>
public sealed record FaultEffect(TimeSpan Delay, TimeSpan Jitter, double ErrorRate)
{
    public static FaultEffect None { get; } = new(TimeSpan.Zero, TimeSpan.Zero, 0);

    /// <summary>Several matching rules add their delays and jitters; their errors are independent chances.</summary>
    public FaultEffect CombineWith(FaultEffect other) =>
        new(Delay + other.Delay, Jitter + other.Jitter, 1 - ((1 - ErrorRate) * (1 - other.ErrorRate)));

    public TimeSpan NextLatency() => Delay + (Jitter * Random.Shared.NextDouble());

    public bool NextIsError() => ErrorRate > 0 && Random.Shared.NextDouble() < ErrorRate;
}
