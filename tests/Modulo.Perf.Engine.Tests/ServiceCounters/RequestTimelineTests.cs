using Modulo.Perf.Engine.ServiceCounters;

namespace Modulo.Perf.Engine.Tests.ServiceCounters;

/// <summary>The load's completed requests over time, beside which the service's counter intervals are divided.</summary>
public class RequestTimelineTests
{
    private static readonly DateTime Start = new(2026, 11, 29, 21, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Between_samples_the_count_is_interpolated_and_past_the_last_one_it_is_not_known()
    {
        var timeline = new RequestTimeline();
        Assert.False(timeline.Reaches(Start));
        timeline.Add(Start, 0);
        timeline.Add(Start.AddSeconds(1), 1000);

        Assert.Equal(500, timeline.At(Start.AddMilliseconds(500)));
        Assert.True(timeline.Reaches(Start.AddSeconds(1)));
        // A sampler held back: the count an interval ending here would read (the last sample's) is too low.
        Assert.False(timeline.Reaches(Start.AddSeconds(1.2)));
        Assert.Equal(1000, timeline.At(Start.AddSeconds(1.2)));
    }
}
