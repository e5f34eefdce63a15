using Modulo.Perf.Engine.Baselines;
using Modulo.Perf.Engine.Gate;
using Modulo.Perf.Engine.Tests.Baselines;

namespace Modulo.Perf.Engine.Tests.Gate;

/// <summary>The order of interleaved rounds: warm-ups, then ABBA, and why ABBA (linear drift cancels).</summary>
public class AbbaScheduleTests
{
    [Fact]
    public void One_warm_up_per_side_then_base_head_head_base()
    {
        var rounds = AbbaSchedule.Rounds(4);

        Assert.Equal(
            [(BuildRole.Base, true), (BuildRole.Head, true),
             (BuildRole.Base, false), (BuildRole.Head, false), (BuildRole.Head, false), (BuildRole.Base, false),
             (BuildRole.Base, false), (BuildRole.Head, false), (BuildRole.Head, false), (BuildRole.Base, false)],
            rounds);
    }

    [Theory]
    [InlineData(8)]
    [InlineData(13)]
    public void Every_adjacent_pair_holds_one_round_of_each_side(int pairs)
    {
        var measured = AbbaSchedule.Rounds(pairs).Where(r => !r.Warmup).ToList();

        Assert.Equal(2 * pairs, measured.Count);
        Assert.All(measured.Chunk(2), pair => Assert.NotEqual(pair[0].Role, pair[1].Role));
    }

    [Fact]
    public void A_linear_drift_of_the_machine_cancels_instead_of_looking_like_a_change()
    {
        // Both builds identical; the machine gets 2 % slower every round (a neighbour ramping up).
        var rounds = InterleavedRounds.Build(12, (_, round) => new(20 * (1 + 0.02 * round)));

        var read = Assert.Single(InterleavedComparer.Compare(rounds, new RegressionSettings()), m => m.Metric == "read_latency_p95");

        // ABBA: the drift favours head in one pair and base in the next, so the pairs' changes alternate in sign.
        Assert.All(read.Pairs.Chunk(2), two => Assert.True(two[0].Change > 0 && two[1].Change < 0));
        Assert.InRange(read.Estimate!.Median, -1, 1);
        Assert.Equal(InterleavedOutcome.NoChange, read.Outcome);
    }
}
