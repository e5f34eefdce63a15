using System.Globalization;
using System.Text.RegularExpressions;
using Modulo.Perf.Engine.Reporting;

namespace Modulo.Perf.Engine.Tests.Reporting;

[Collection(ReportedRunCollection.Name)]
public partial class OpenMetricsWriterTests(ReportedRun run)
{
    [GeneratedRegex("""^(?<name>[a-z_]+)\{(?<labels>[^}]*)\} (?<value>-?[0-9.]+) (?<time>[0-9.]+)$""")]
    private static partial Regex Sample();

    [Fact]
    public void Every_family_is_declared_before_its_samples_and_the_exposition_ends_with_eof()
    {
        var lines = run.ReadReport(OpenMetricsWriter.FileName).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal("# EOF", lines[^1]);
        var declared = new List<string>();
        foreach (var line in lines[..^1])
        {
            if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                declared.Add(line.Split(' ')[2]);
                continue;
            }
            if (line.StartsWith('#'))
            {
                Assert.Matches(@"^# (UNIT|HELP) " + Regex.Escape(declared[^1]) + " ", line);
                continue;
            }
            var sample = Sample().Match(line);
            Assert.True(sample.Success, line);
            Assert.Equal(declared[^1], sample.Groups["name"].Value);
            Assert.Contains($"profile=\"short\",target=\"{run.Result.Fingerprint!.BaseUrl}\"", sample.Groups["labels"].Value);
        }
        Assert.Equal(["modulo_perf_http_requests_per_second", "modulo_perf_http_failed_per_second", "modulo_perf_http_req_duration_seconds"], declared);
    }

    [Fact]
    public void Samples_carry_the_intervals_values_at_their_wall_clock_end()
    {
        var rows = run.Result.Metrics!.Intervals.Select(IntervalRow.From).ToList();
        var samples = run.ReadReport(OpenMetricsWriter.FileName).Split('\n')
            .Select(l => Sample().Match(l)).Where(m => m.Success)
            .GroupBy(m => m.Groups["name"].Value + "{" + m.Groups["labels"].Value + "}")
            .ToDictionary(g => g.Key, g => g.Select(m => (Value: Number(m, "value"), Time: Number(m, "time"))).ToList());
        var labels = $"profile=\"short\",target=\"{run.Result.Fingerprint!.BaseUrl}\"";
        var started = run.Result.Started.ToUnixTimeMilliseconds() / 1000.0;

        var rps = samples[$"modulo_perf_http_requests_per_second{{{labels}}}"];
        Assert.Equal(rows.Count, rps.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            Assert.Equal(rows[i].RequestsPerSecond, rps[i].Value, 0.000001);
            Assert.Equal(started + rows[i].EndSeconds, rps[i].Time, 0.001);
        }
        var p95 = samples[$"modulo_perf_http_req_duration_seconds{{{labels},percentile=\"95\"}}"];
        var measured = rows.Where(r => r.Latency.Count > 0).ToList();
        Assert.Equal(measured.Select(r => r.Latency.P95 / 1000), p95.Select(s => s.Value), new ToleranceComparer(0.000001));
        Assert.Equal(p95.Select(s => s.Time).Order(), p95.Select(s => s.Time));
        Assert.True(samples[$"modulo_perf_http_failed_per_second{{{labels}}}"].Sum(s => s.Value) > 0, "the flaky read fails every fourth call");
    }

    private static double Number(Match match, string group) => double.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture);

    private sealed class ToleranceComparer(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance;
        public int GetHashCode(double value) => 0;
    }
}
