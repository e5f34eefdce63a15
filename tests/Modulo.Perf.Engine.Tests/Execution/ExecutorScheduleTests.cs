using Modulo.Perf.Engine.Execution.Executors;

namespace Modulo.Perf.Engine.Tests.Execution;

/// <summary>
/// What each executor plans, computed without running it: how many VUs, for how long, and (through its
/// <see cref="StagePlan"/>) the VU target over time or the intended start of every iteration. That the engine
/// then keeps to the plan against a real server is shown by the end-to-end tests (OpenModelTests, ScenarioExecutionTests).
/// </summary>
public class ExecutorScheduleTests
{
    [Fact]
    public void Constant_vus_runs_its_vus_for_its_duration()
    {
        var executor = Executor.Create(new ProfileDefinition { Name = "c", Executor = ExecutorKind.ConstantVus, Vus = 5, Duration = TimeSpan.FromSeconds(20) });

        Assert.Equal((5, TimeSpan.FromSeconds(20)), (executor.MaxVus, executor.ScheduledDuration));
    }

    [Fact]
    public void Per_vu_iterations_runs_its_vus_for_at_most_max_duration()
    {
        var executor = Executor.Create(new ProfileDefinition
        {
            Name = "p",
            Executor = ExecutorKind.PerVuIterations,
            Vus = 3,
            Iterations = 7,
            Duration = TimeSpan.FromMinutes(1),
        });

        Assert.Equal((3, TimeSpan.FromMinutes(1)), (executor.MaxVus, executor.ScheduledDuration));
    }

    [Fact]
    public void Ramping_vus_follows_its_stages_linearly()
    {
        var profile = new ProfileDefinition
        {
            Name = "r",
            Executor = ExecutorKind.RampingVus,
            Vus = 0,
            Stages = [new(TimeSpan.FromSeconds(10), 10), new(TimeSpan.FromSeconds(10), 10), new(TimeSpan.FromSeconds(5), 0)],
        };
        var plan = new StagePlan(profile.Vus, [.. profile.Stages.Select(s => (s.Duration, (double)s.Target))]);

        var executor = Executor.Create(profile);

        Assert.Equal((10, TimeSpan.FromSeconds(25)), (executor.MaxVus, executor.ScheduledDuration));
        Assert.Equal([0.0, 5, 10, 10, 5, 0], new[] { 0, 5, 10, 15, 22.5, 25 }.Select(plan.ValueAt));
    }

    [Fact]
    public void Constant_arrival_rate_starts_iterations_at_even_intervals_until_its_duration()
    {
        // 120 per minute is 2 per second: 10 iterations in 5 s, every 0.5 s from the start.
        var profile = new ProfileDefinition
        {
            Name = "o",
            Executor = ExecutorKind.ConstantArrivalRate,
            Rate = 120,
            TimeUnit = TimeSpan.FromMinutes(1),
            Duration = TimeSpan.FromSeconds(5),
            PreAllocatedVus = 3,
            MaxVus = 8,
        };
        var perSecond = profile.Rate / profile.TimeUnit.TotalSeconds;
        var plan = new StagePlan(perSecond, [(profile.Duration, perSecond)]);

        var executor = Executor.Create(profile);

        Assert.Equal((8, TimeSpan.FromSeconds(5)), (executor.MaxVus, executor.ScheduledDuration));
        Assert.Equal(10, plan.TotalIntegral);
        var starts = Enumerable.Range(0, 11).Select(k => plan.TimeOfArrival(k)).ToList();
        Assert.Equal(Enumerable.Range(0, 10).Select(k => (double?)(k * 0.5)), starts.Take(10));
        Assert.Null(starts[10]);
    }

    [Fact]
    public void Ramping_arrival_rate_starts_iterations_where_the_integral_of_the_rate_reaches_them()
    {
        // The rate climbs from 0 to 10/s over 10 s (so iteration k is due at sqrt(2k) s: 50 iterations), then
        // holds 10/s for 5 s (50 more, every 0.1 s).
        var plan = new StagePlan(0, [(TimeSpan.FromSeconds(10), 10), (TimeSpan.FromSeconds(5), 10)]);
        var executor = Executor.Create(new ProfileDefinition
        {
            Name = "ra",
            Executor = ExecutorKind.RampingArrivalRate,
            StartRate = 0,
            PreAllocatedVus = 10,
            MaxVus = 0,
            Stages = [new(TimeSpan.FromSeconds(10), 10), new(TimeSpan.FromSeconds(5), 10)],
        });

        Assert.Equal((10, TimeSpan.FromSeconds(15)), (executor.MaxVus, executor.ScheduledDuration));
        Assert.Equal(100, plan.TotalIntegral);
        foreach (var (k, due) in new[] { (0, 0.0), (2, 2), (8, 4), (18, 6), (32, 8), (50, 10), (60, 11), (99, 14.9) })
        {
            Assert.Equal(due, plan.TimeOfArrival(k)!.Value, precision: 9);
        }
        Assert.Null(plan.TimeOfArrival(100));
    }
}
