using System.Globalization;
using Modulo.Perf.Engine.Metrics;
using Modulo.Perf.Engine.Reporting;

namespace Modulo.Perf.Engine.Tests.Reporting;

[Collection(ReportedRunCollection.Name)]
public class IntervalWriterTests(ReportedRun run)
{
    private static readonly Dictionary<string, string> NoFilter = new();

    private List<Dictionary<string, string>> Rows()
    {
        var lines = run.ReadReport(IntervalWriter.FileName).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var header = lines[0].Split(',');
        Assert.Equal(IntervalWriter.Header, lines[0]);
        return lines[1..].Select(l => header.Zip(l.Split(',')).ToDictionary(p => p.First, p => p.Second)).ToList();
    }

    [Fact]
    public void Has_one_row_per_interval_and_the_rows_add_up_to_the_run()
    {
        var rows = Rows();
        var metrics = run.Result.Metrics!;

        Assert.Equal(metrics.Intervals.Count, rows.Count);
        Assert.True(rows.Count >= 2, $"a 3 s run collects about once a second (less on a busy machine), got {rows.Count} rows; ran {run.Result.DurationSeconds} s: {string.Join(" / ", metrics.Intervals.Select(i => $"{i.StartSeconds}-{i.EndSeconds}"))}");
        var requests = ((CounterAggregate)metrics.Query(MetricCatalog.HttpReqs, NoFilter)).Count;
        var failed = ((RateAggregate)metrics.Query(MetricCatalog.HttpReqFailed, NoFilter)).Passes;
        Assert.Equal(requests, rows.Sum(r => long.Parse(r["requests"], CultureInfo.InvariantCulture)));
        Assert.Equal(failed, rows.Sum(r => long.Parse(r["failed"], CultureInfo.InvariantCulture)));
        Assert.True(failed > 0, "every fourth flaky read fails");
    }

    [Fact]
    public void Each_row_is_consistent_in_itself()
    {
        var previousEnd = 0.0;
        foreach (var row in Rows())
        {
            double Value(string column) => double.Parse(row[column], CultureInfo.InvariantCulture);
            Assert.Equal(previousEnd, Value("start_s"), 3);
            previousEnd = Value("end_s");
            var seconds = Value("end_s") - Value("start_s");
            // Times are written to the millisecond, so a short final interval's rate is only known within that rounding.
            Assert.InRange(Value("rps"), Value("requests") / (seconds + 0.0011) - 0.001, Value("requests") / Math.Max(seconds - 0.0011, 1e-6) + 0.001);
            Assert.True(Value("p50_ms") <= Value("p90_ms") && Value("p90_ms") <= Value("p95_ms")
                && Value("p95_ms") <= Value("p99_ms") && Value("p99_ms") <= Value("max_ms"), string.Join(",", row.Values));
            if (Value("requests") > 0)
            {
                // Written with six decimals.
                Assert.Equal(Value("failed") / Value("requests"), Value("error_rate"), 0.0000006);
            }
        }
    }
}
