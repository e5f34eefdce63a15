using Modulo.Perf.Engine.Execution.Executors;
using Modulo.Perf.Engine.Execution.Segments;

namespace Modulo.Perf.Engine.Tests.Execution.Segments;

/// <summary>
/// k6's execution segments: the notations, and the striping that deals VU and iteration numbers out so every
/// segment's share adds up exactly to the whole, for every executor, with no rounding drift.
/// </summary>
public class ExecutionSegmentTests
{
    private static readonly string[] Sequences = ["0,1", "0,1/2,1", "0,1/3,2/3,1", "0,1/4,2/4,3/4,1", "0,1/5,1/2,1", "0,10%,35%,1", "0,0.125,0.5,1"];

    private static IReadOnlyList<ExecutionTuple> Tuples(string sequence)
    {
        var parsed = ExecutionSegmentSequence.Parse(sequence);
        return [.. Enumerable.Range(0, parsed.Segments.Count).Select(i => new ExecutionTuple(parsed, i))];
    }

    [Theory]
    [InlineData("1/4:2/4", "1/4:1/2")]
    [InlineData("25%:50%", "1/4:1/2")]
    [InlineData("0.25:0.5", "1/4:1/2")]
    [InlineData("1/3", "0:1/3")]
    public void Segments_parse_in_k6_notations(string text, string expected) =>
        Assert.Equal(expected, ExecutionSegment.Parse(text).ToString());

    [Theory]
    [InlineData("1/2:1/4")]
    [InlineData("0:3/2")]
    [InlineData("a:1")]
    [InlineData("1/0")]
    public void Bad_segments_are_refused_with_the_text(string text) =>
        Assert.Contains(text, Assert.Throws<FormatException>(() => ExecutionSegment.Parse(text)).Message);

    [Fact]
    public void The_shorthand_is_the_ith_of_n_equal_segments()
    {
        var shorthand = ExecutionTuple.FromOptions(null, null, "2/4");
        var explicitly = ExecutionTuple.FromOptions("1/4:2/4", "0,1/4,2/4,3/4,1", null);

        Assert.Equal((explicitly.Index, explicitly.Sequence.ToString()), (shorthand.Index, shorthand.Sequence.ToString()));
        Assert.Equal("segment 2 of 4 (1/4:1/2)", shorthand.Name);
    }

    [Fact]
    public void A_segment_without_a_sequence_is_filled_around_as_k6_does()
    {
        var tuple = ExecutionTuple.FromOptions("1/3:2/3", null, null);

        Assert.Equal(("0,1/3,2/3,1", 1), (tuple.Sequence.ToString(), tuple.Index));
    }

    [Fact]
    public void A_segment_outside_its_sequence_is_refused() =>
        Assert.Throws<FormatException>(() => ExecutionTuple.FromOptions("1/3:2/3", "0,1/4,2/4,3/4,1", null));

    [Theory]
    [MemberData(nameof(SequenceData))]
    public void Scaled_counts_of_all_segments_add_up_to_every_whole(string sequence)
    {
        var tuples = Tuples(sequence);
        for (var value = 0; value <= 1000; value++)
        {
            Assert.Equal(value, tuples.Sum(t => t.Scale(value)));
        }
    }

    [Theory]
    [MemberData(nameof(SequenceData))]
    public void Every_global_number_belongs_to_exactly_one_segment_and_local_numbers_map_onto_it(string sequence)
    {
        var tuples = Tuples(sequence);
        var owners = Enumerable.Range(0, 500).Select(global => tuples.Where(t => t.Owns(global)).ToList()).ToList();
        Assert.All(owners, o => Assert.Single(o));
        foreach (var tuple in tuples)
        {
            var owned = Enumerable.Range(0, 500).Where(g => tuple.Owns(g)).Select(g => (long)g).ToList();
            Assert.Equal(owned, Enumerable.Range(0, owned.Count).Select(local => tuple.GlobalIndex(local)));
        }
    }

    [Fact]
    public void Shares_follow_k6_striping_for_thirds()
    {
        // k6 gives 10 VUs of 0,1/3,2/3,1 as 4, 3, 3 — the first third owns 0, 3, 6, 9.
        var tuples = Tuples("0,1/3,2/3,1");

        Assert.Equal([4L, 3, 3], tuples.Select(t => t.Scale(10L)));
        Assert.Equal([0L, 3, 6, 9], Enumerable.Range(0, 4).Select(i => tuples[0].GlobalIndex(i)));
    }

    [Theory]
    [MemberData(nameof(SequenceData))]
    public void Ramping_vus_targets_of_all_segments_add_up_at_every_stage_boundary_and_between(string sequence)
    {
        var profile = new ProfileDefinition
        {
            Name = "r",
            Executor = ExecutorKind.RampingVus,
            Vus = 3,
            Stages = [new(TimeSpan.FromSeconds(10), 17), new(TimeSpan.FromSeconds(5), 17), new(TimeSpan.FromSeconds(10), 4), new(TimeSpan.FromSeconds(3), 0)],
        };
        var whole = (RampingVusExecutor)Executor.Create(profile);
        var segments = Tuples(sequence).Select(t => (RampingVusExecutor)Executor.Create(profile, t)).ToList();
        var boundaries = new[] { 0.0, 10, 15, 25, 28 };

        foreach (var seconds in boundaries.Concat(Enumerable.Range(0, 281).Select(i => i / 10.0)))
        {
            Assert.Equal(whole.TargetAt(seconds), segments.Sum(s => s.SegmentVusAt(seconds)));
        }
        Assert.Equal(whole.MaxVus, segments.Sum(s => s.MaxVus));
    }

    [Theory]
    [MemberData(nameof(SequenceData))]
    public void Arrival_rate_segments_start_every_iteration_of_the_whole_schedule_once(string sequence)
    {
        // ramping-arrival-rate from 7/s to 31/s and back to 3/s: 7 * 2.5 + 19 * 4 + 17 * 3 = 144.5 arrivals due.
        static StagePlan Plan() => new(7, [(TimeSpan.FromSeconds(2.5), 7), (TimeSpan.FromSeconds(4), 31), (TimeSpan.FromSeconds(3), 3)]);
        var wholePlan = Plan();
        var whole = Enumerable.Range(0, 1000).Select(k => wholePlan.TimeOfArrival(k)).TakeWhile(t => t is not null).Select(t => t!.Value).ToList();

        var segmented = Tuples(sequence).SelectMany(tuple =>
        {
            var plan = Plan();
            return Enumerable.Range(0, 1000).Select(local => plan.TimeOfArrival(tuple.GlobalIndex(local))).TakeWhile(t => t is not null).Select(t => t!.Value).ToList();
        }).Order().ToList();

        Assert.Equal(145, whole.Count);
        Assert.Equal(whole, segmented);
    }

    [Fact]
    public void Constant_vus_and_per_vu_iterations_split_their_vus_exactly()
    {
        foreach (var kind in new[] { ExecutorKind.ConstantVus, ExecutorKind.PerVuIterations, ExecutorKind.ConstantArrivalRate })
        {
            var profile = new ProfileDefinition { Name = "p", Executor = kind, Vus = 13, Iterations = 5, Rate = 10, PreAllocatedVus = 13, MaxVus = 13 };
            Assert.Equal(13, Tuples("0,1/4,2/4,3/4,1").Sum(t => Executor.Create(profile, t).MaxVus));
        }
    }

    public static TheoryData<string> SequenceData() => [.. Sequences];
}
