using System.Globalization;
using System.Text;
using Modulo.Perf.Engine.Baselines;
using Modulo.Perf.Engine.Outcome;
using Modulo.Perf.Engine.Thresholds;

namespace Modulo.Perf.Engine.Reporting;

/// <summary>
/// Writes junit.xml so CI systems that read JUnit (Azure DevOps, GitLab, Jenkins) list every threshold and every
/// regression check as a test: a failed threshold or a regression is a <c>failure</c> whose message carries the
/// measured value (and, for a regression, the baseline and the change); a run that could not measure
/// (invalid configuration, unreachable target) is one <c>error</c> test case per problem.
/// </summary>
public static class JUnitReportWriter
{
    public const string FileName = "junit.xml";
    public const string ThresholdsSuite = "modulo-perf.thresholds";
    public const string RunSuite = "modulo-perf.run";
    public const string RegressionsSuite = "modulo-perf.regressions";

    public static void Write(string directory, RunResult result)
    {
        Directory.CreateDirectory(directory);
        // No byte order mark: some JUnit readers reject one before the XML declaration.
        File.WriteAllText(Path.Combine(directory, FileName), Render(result).ToDocument(), new UTF8Encoding(false));
    }

    private static JUnitElement Render(RunResult result)
    {
        var suites = new List<JUnitElement>();
        if (result.Errors.Count > 0)
        {
            suites.Add(Suite(RunSuite, result, result.Errors.Select(ErrorCase).ToList()));
        }
        if (result.Thresholds.Count > 0 || result.Errors.Count == 0)
        {
            var thresholds = Suite(ThresholdsSuite, result, result.Thresholds.Select(ThresholdCase).ToList());
            thresholds.Add(FailedStepsOutput(FailedStep.Of(result)));
            suites.Add(thresholds);
        }
        if (result.Comparison is { Metrics.Count: > 0 } comparison)
        {
            suites.Add(Suite(RegressionsSuite, result, comparison.Metrics.Select(m => RegressionCase(m, comparison.BaselinePath)).ToList()));
        }
        if (result.Interleaved is { Metrics.Count: > 0 } interleaved)
        {
            // Head against base: the same checks, whose tolerances come from the config.
            suites.Add(Suite(RegressionsSuite, result, interleaved.Metrics.Select(m => RegressionCase(m.Comparison, interleaved.ConfigPath)).ToList()));
        }
        return Counted(new JUnitElement("testsuites").Attribute("name", "modulo-perf"),
                suites.SelectMany(s => s.Children.Where(c => c.Name == "testcase")).ToList())
            .Attribute("time", Seconds(result.DurationSeconds))
            .Add(suites);
    }

    private static JUnitElement Suite(string name, RunResult result, IReadOnlyList<JUnitElement> cases) =>
        Counted(new JUnitElement("testsuite").Attribute("name", name), cases)
            .Attribute("time", Seconds(result.DurationSeconds))
            .Attribute("timestamp", result.Started.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture))
            .Add(Properties(result))
            .Add(cases);

    private static JUnitElement Counted(JUnitElement element, IReadOnlyCollection<JUnitElement> cases) => element
        .Attribute("tests", cases.Count)
        .Attribute("failures", cases.Count(c => c.HasChild("failure")))
        .Attribute("errors", cases.Count(c => c.HasChild("error")))
        .Attribute("skipped", cases.Count(c => c.HasChild("skipped")));

    /// <summary>What ran, so a test report read months later still says which load produced it.</summary>
    private static JUnitElement? Properties(RunResult result) => result.Fingerprint is not { } f ? null : new JUnitElement("properties").Add(
        Property("profile", f.Profile),
        Property("executor", f.Executor),
        Property("vus", f.Vus.ToString(CultureInfo.InvariantCulture)),
        Property("baseUrl", f.BaseUrl),
        Property("selection", string.Join(",", f.Suites.Concat(f.Scenarios))),
        Property("verdict", result.Verdict.JsonName()));

    private static JUnitElement Property(string name, string value) =>
        new JUnitElement("property").Attribute("name", name).Attribute("value", value);

    private static JUnitElement ThresholdCase(ThresholdResult threshold)
    {
        var definition = threshold.Definition;
        var location = definition.Location;
        var measured = threshold.Shown is { } shown ? $"{definition.Expression.AggregationName}={shown}" : "no samples";
        var details = string.Create(CultureInfo.InvariantCulture,
            $"measured: {measured}\nthreshold: {definition.Source}\nsamples: {threshold.Samples}\nat: {location}");
        return new JUnitElement("testcase")
            .Attribute("classname", ThresholdsSuite)
            .Attribute("name", $"{definition.Selector.Text} {definition.Source}")
            .Attribute("time", 0)
            .Attribute("file", location.File)
            .Attribute("line", location.Line)
            .Add(threshold.Ok
                ? new JUnitElement("system-out").Text($"{threshold.Message}\n{details}")
                : new JUnitElement("failure")
                    .Attribute("message", threshold.Message)
                    .Attribute("type", "slo_violation")
                    .Text(details));
    }

    /// <summary>
    /// A regression check: a regression is a failure with current, baseline and change; an inconclusive comparison
    /// (too few samples, another fingerprint) is skipped with its reason, since it is neither a pass nor a failure.
    /// </summary>
    private static JUnitElement RegressionCase(MetricComparison comparison, string baselinePath)
    {
        var summary = ComparisonFormat.Message(comparison);
        var details = $"{summary}\nbaseline: {baselinePath}";
        return new JUnitElement("testcase")
            .Attribute("classname", RegressionsSuite)
            .Attribute("name", $"{comparison.Suite} {comparison.Metric}")
            .Attribute("time", 0)
            .Attribute("file", baselinePath)
            .Add(comparison.Regression
                ? new JUnitElement("failure").Attribute("message", summary).Attribute("type", "regression").Text(details)
                : comparison.Inconclusive
                    ? new JUnitElement("skipped").Attribute("message", summary)
                    : new JUnitElement("system-out").Text(details));
    }

    /// <summary>
    /// The failed requests by step, with their first samples, as the suite's system-err: CI test views show it
    /// beside the failed error-rate threshold. Null (nothing added) when no request failed.
    /// </summary>
    private static JUnitElement? FailedStepsOutput(IReadOnlyList<FailedStep> steps)
    {
        if (steps.Count == 0)
        {
            return null;
        }
        var text = new StringBuilder("Failed requests by step:\n");
        foreach (var step in steps)
        {
            text.Append(CultureInfo.InvariantCulture, $"{step.Step}: {string.Join(", ", step.Outcomes.Select(o => $"{o.Outcome} ({o.Count})"))}\n");
            foreach (var sample in step.Samples)
            {
                text.Append(CultureInfo.InvariantCulture, $"  {FailedStep.Describe(sample)}: {sample.Body}\n");
            }
        }
        return new JUnitElement("system-err").Text(text.ToString());
    }

    private static JUnitElement ErrorCase(RunError error)
    {
        var at = error.Location is { } l ? $"\nat: {l}" : "";
        return new JUnitElement("testcase")
            .Attribute("classname", RunSuite)
            .Attribute("name", error.Kind)
            .Attribute("time", 0)
            .Attribute("file", error.Location?.File)
            .Attribute("line", error.Location?.Line)
            .Add(new JUnitElement("error")
                .Attribute("message", error.Message)
                .Attribute("type", error.Kind)
                .Text(error.Message + at));
    }

    private static string Seconds(double seconds) => seconds.ToString("0.###", CultureInfo.InvariantCulture);
}
