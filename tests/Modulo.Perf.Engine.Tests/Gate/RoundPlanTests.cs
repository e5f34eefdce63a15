using Modulo.Perf.Engine.Gate;
using Modulo.Perf.Engine.SourceText;

namespace Modulo.Perf.Engine.Tests.Gate;

/// <summary>How compare cuts the profile's duration into rounds: a pair per second, 12 to 60 pairs, unless told.</summary>
public class RoundPlanTests
{
    [Theory]
    // profile seconds → pairs, round seconds, wall time as a multiple of the profile (warm-ups included)
    [InlineData(10, 12, 1.0, 2.6)]
    [InlineData(20, 20, 1.0, 2.1)]
    [InlineData(40, 40, 1.0, 2.05)]
    [InlineData(60, 60, 1.0, 122 / 60.0)]
    [InlineData(300, 60, 5.0, 122 / 60.0)]
    public void By_default_one_pair_per_second_of_the_profile_between_12_and_60(int seconds, int pairs, double roundSeconds, double wallTime)
    {
        var duration = TimeSpan.FromSeconds(seconds);

        var plan = RoundPlan.For(duration, null, null);

        Assert.Equal(pairs, plan.Pairs);
        Assert.Equal(roundSeconds, plan.Round.TotalSeconds, 6);
        Assert.Equal(wallTime, plan.WallTimeFactor(duration), 6);
    }

    [Fact]
    public void Rounds_and_round_length_from_the_command_line_win()
    {
        var duration = TimeSpan.FromSeconds(60);

        Assert.Equal(new RoundPlan(12, TimeSpan.FromSeconds(5)), RoundPlan.For(duration, 12, null));
        Assert.Equal(new RoundPlan(30, TimeSpan.FromSeconds(2)), RoundPlan.For(duration, null, TimeSpan.FromSeconds(2)));
        Assert.Equal(new RoundPlan(8, TimeSpan.FromSeconds(3)), RoundPlan.For(duration, 8, TimeSpan.FromSeconds(3)));
        // A short profile with many rounds keeps the 1 s floor rather than rounds of a few requests.
        Assert.Equal(new RoundPlan(40, TimeSpan.FromSeconds(1)), RoundPlan.For(TimeSpan.FromSeconds(10), 40, null));
    }

    [Theory]
    // With the services' counters compared, rounds last at least 2 s so each holds a counter interval.
    [InlineData(40, 20, 2.0)]
    [InlineData(10, 12, 2.0)]
    [InlineData(300, 60, 5.0)]
    public void With_counters_compared_default_rounds_last_at_least_2_s(int seconds, int pairs, double roundSeconds)
    {
        var plan = RoundPlan.For(TimeSpan.FromSeconds(seconds), null, null, countersCompared: true);

        Assert.Equal(pairs, plan.Pairs);
        Assert.Equal(roundSeconds, plan.Round.TotalSeconds, 6);
    }

    [Fact]
    public void A_round_length_that_is_not_positive_is_a_configuration_error()
    {
        var error = Assert.Throws<ConfigurationException>(() => RoundPlan.For(TimeSpan.FromSeconds(20), null, TimeSpan.Zero));

        Assert.Contains("--round-duration must be positive", error.Message);
    }
}
