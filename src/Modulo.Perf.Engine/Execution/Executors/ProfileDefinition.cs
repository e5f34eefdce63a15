using Modulo.Perf.Engine.SourceText;

namespace Modulo.Perf.Engine.Execution.Executors;

/// <summary>The executors, named as in k6.</summary>
public enum ExecutorKind
{
    ConstantVus,
    RampingVus,
    PerVuIterations,
    ConstantArrivalRate,
    RampingArrivalRate,
}

/// <summary>One stage of a ramping executor: move linearly to <see cref="Target"/> over <see cref="Duration"/>.</summary>
public sealed record Stage(TimeSpan Duration, int Target);

/// <summary>How load is generated: an executor and its parameters (k6's option names).</summary>
public sealed record ProfileDefinition
{
    public required string Name { get; init; }
    public ExecutorKind Executor { get; init; } = ExecutorKind.ConstantVus;
    /// <summary>constant-vus, per-vu-iterations: virtual users. ramping-vus: startVUs.</summary>
    public int Vus { get; init; } = 1;
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(30);
    /// <summary>per-vu-iterations: iterations each VU runs.</summary>
    public int Iterations { get; init; } = 1;
    /// <summary>ramping-vus: VU targets; ramping-arrival-rate: rate targets.</summary>
    public IReadOnlyList<Stage> Stages { get; init; } = [];
    /// <summary>Arrival-rate executors: iterations per <see cref="TimeUnit"/>.</summary>
    public double Rate { get; init; }
    public double StartRate { get; init; }
    public TimeSpan TimeUnit { get; init; } = TimeSpan.FromSeconds(1);
    public int PreAllocatedVus { get; init; } = 1;
    public int MaxVus { get; init; }
    /// <summary>Time given to in-flight iterations after the schedule ends before they are cancelled.</summary>
    public TimeSpan GracefulStop { get; init; } = TimeSpan.FromSeconds(30);
    public SourceLocation? Location { get; init; }

    /// <summary>
    /// Load run before the measured load and judged by nothing: a cold service (JIT, connection pools, caches)
    /// answers its first requests several times slower, and those samples would otherwise sit in every percentile.
    /// </summary>
    public TimeSpan Warmup { get; init; }

    /// <summary>
    /// The warm-up as a profile of its own: the selected scenarios back to back on the most VUs this profile runs,
    /// for <see cref="Warmup"/>, whatever the executor (an arrival rate or ramp would warm less than it measures).
    /// </summary>
    public ProfileDefinition WarmupProfile() => new()
    {
        Name = $"{Name} warm-up",
        Executor = ExecutorKind.ConstantVus,
        Vus = Executor switch
        {
            ExecutorKind.RampingVus => Math.Max(Vus, Stages.Select(s => s.Target).DefaultIfEmpty(1).Max()),
            ExecutorKind.ConstantArrivalRate or ExecutorKind.RampingArrivalRate => PreAllocatedVus,
            _ => Vus,
        },
        Duration = Warmup,
        GracefulStop = GracefulStop,
    };

    /// <summary>The built-in profiles, as docs/engine.md lists them: smoke, normal, stress.</summary>
    public static IReadOnlyDictionary<string, ProfileDefinition> BuiltIn { get; } = new Dictionary<string, ProfileDefinition>
    {
        ["smoke"] = new() { Name = "smoke", Vus = 1, Duration = TimeSpan.FromSeconds(30) },
        ["normal"] = new() { Name = "normal", Vus = 10, Duration = TimeSpan.FromMinutes(5) },
        ["stress"] = new() { Name = "stress", Vus = 50, Duration = TimeSpan.FromMinutes(2) },
    };
}
