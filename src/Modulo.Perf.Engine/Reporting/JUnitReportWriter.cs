using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;
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
        using var writer = XmlWriter.Create(Path.Combine(directory, FileName), new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true });
        Render(result).Save(writer);
    }

    public static XDocument Render(RunResult result)
    {
        var suites = new List<XElement>();
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
        return new XDocument(
            new XDeclaration("1.0", "utf-8", null),
            new XElement("testsuites",
                new XAttribute("name", "modulo-perf"),
                Counts(suites.SelectMany(s => s.Elements("testcase")).ToList()),
                new XAttribute("time", Seconds(result.DurationSeconds)),
                suites));
    }

    private static XElement Suite(string name, RunResult result, IReadOnlyList<XElement> cases) => new("testsuite",
        new XAttribute("name", name),
        Counts(cases),
        new XAttribute("time", Seconds(result.DurationSeconds)),
        new XAttribute("timestamp", result.Started.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture)),
        Properties(result),
        cases);

    private static IEnumerable<XAttribute> Counts(IReadOnlyCollection<XElement> cases) =>
    [
        new("tests", cases.Count),
        new("failures", cases.Count(c => c.Element("failure") is not null)),
        new("errors", cases.Count(c => c.Element("error") is not null)),
        new("skipped", cases.Count(c => c.Element("skipped") is not null)),
    ];

    /// <summary>What ran, so a test report read months later still says which load produced it.</summary>
    private static XElement? Properties(RunResult result) => result.Fingerprint is not { } f ? null : new XElement("properties",
        Property("profile", f.Profile),
        Property("executor", f.Executor),
        Property("vus", f.Vus.ToString(CultureInfo.InvariantCulture)),
        Property("baseUrl", f.BaseUrl),
        Property("selection", string.Join(",", f.Suites.Concat(f.Scenarios))),
        Property("verdict", result.Verdict.JsonName()));

    private static XElement Property(string name, string value) =>
        new("property", new XAttribute("name", name), new XAttribute("value", value));

    private static XElement ThresholdCase(ThresholdResult threshold)
    {
        var definition = threshold.Definition;
        var location = definition.Location;
        var measured = threshold.Shown is { } shown ? $"{definition.Expression.AggregationName}={shown}" : "no samples";
        var details = string.Create(CultureInfo.InvariantCulture,
            $"measured: {measured}\nthreshold: {definition.Source}\nsamples: {threshold.Samples}\nat: {location}");
        return new XElement("testcase",
            new XAttribute("classname", ThresholdsSuite),
            new XAttribute("name", $"{definition.Selector.Text} {definition.Source}"),
            new XAttribute("time", 0),
            new XAttribute("file", location.File),
            new XAttribute("line", location.Line),
            threshold.Ok
                ? new XElement("system-out", $"{threshold.Message}\n{details}")
                : new XElement("failure",
                    new XAttribute("message", threshold.Message),
                    new XAttribute("type", "slo_violation"),
                    details));
    }

    /// <summary>
    /// A regression check: a regression is a failure with current, baseline and change; an inconclusive comparison
    /// (too few samples, another fingerprint) is skipped with its reason, since it is neither a pass nor a failure.
    /// </summary>
    private static XElement RegressionCase(MetricComparison comparison, string baselinePath)
    {
        var summary = ComparisonFormat.Message(comparison);
        var details = $"{summary}\nbaseline: {baselinePath}";
        return new XElement("testcase",
            new XAttribute("classname", RegressionsSuite),
            new XAttribute("name", $"{comparison.Suite} {comparison.Metric}"),
            new XAttribute("time", 0),
            new XAttribute("file", baselinePath),
            comparison.Regression
                ? new XElement("failure", new XAttribute("message", summary), new XAttribute("type", "regression"), details)
                : comparison.Inconclusive
                    ? new XElement("skipped", new XAttribute("message", summary))
                    : new XElement("system-out", details));
    }

    /// <summary>
    /// The failed requests by step, with their first samples, as the suite's system-err: CI test views show it
    /// beside the failed error-rate threshold. Null (nothing added) when no request failed.
    /// </summary>
    private static XElement? FailedStepsOutput(IReadOnlyList<FailedStep> steps)
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
        return new XElement("system-err", text.ToString());
    }

    private static XElement ErrorCase(RunError error)
    {
        var at = error.Location is { } l ? $"\nat: {l}" : "";
        return new XElement("testcase",
            new XAttribute("classname", RunSuite),
            new XAttribute("name", error.Kind),
            new XAttribute("time", 0),
            error.Location is null ? null : new XAttribute("file", error.Location.File),
            error.Location is null ? null : new XAttribute("line", error.Location.Line),
            new XElement("error",
                new XAttribute("message", error.Message),
                new XAttribute("type", error.Kind),
                error.Message + at));
    }

    private static string Seconds(double seconds) => seconds.ToString("0.###", CultureInfo.InvariantCulture);
}
