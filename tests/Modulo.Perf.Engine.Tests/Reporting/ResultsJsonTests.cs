using System.Text.Json;
using Modulo.Perf.Engine.Reporting;

namespace Modulo.Perf.Engine.Tests.Reporting;

[Collection(ReportedRunCollection.Name)]
public class ResultsJsonTests(ReportedRun run)
{
    [Fact]
    public void Thresholds_carry_the_exact_measured_value_not_a_rounded_one()
    {
        using var results = JsonDocument.Parse(run.ReadReport(ResultsJsonWriter.FileName));
        var written = results.RootElement.GetProperty("thresholds").EnumerateArray()
            .Where(t => t.GetProperty("actual").ValueKind == JsonValueKind.Number)
            .ToDictionary(t => t.GetProperty("metric").GetString()!, t => t.GetProperty("actual").GetDouble());

        Assert.NotEmpty(written);
        foreach (var threshold in run.Result.Thresholds.Where(t => t.Actual is not null))
        {
            Assert.Equal(threshold.Actual!.Value, written[threshold.Definition.Selector.Text]);
        }
        // One request in twelve failing (every fourth flaky read) is an error rate with more than three decimals.
        var errorRate = written["http_req_failed"];
        Assert.NotEqual(Math.Round(errorRate, 3), errorRate);
    }
}
