using System.Text.Encodings.Web;
using System.Text.Json;
using Modulo.Perf.Engine.Baselines;
using Modulo.Perf.Engine.Metrics;
using Modulo.Perf.Engine.Outcome;

namespace Modulo.Perf.Engine.Reporting;

/// <summary>Writes results.json, the structured verdict the MSBuild task reads (docs/results-format.md).</summary>
public static class ResultsJsonWriter
{
    public const string FileName = "results.json";
    public const int SchemaVersion = 1;

    private static readonly double[] ReportedPercentiles = [90, 95, 99];

    public static void Write(string directory, RunResult result)
    {
        Directory.CreateDirectory(directory);
        using var stream = File.Create(Path.Combine(directory, FileName));
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        json.WriteStartObject();
        json.WriteNumber("schemaVersion", SchemaVersion);
        json.WriteString("verdict", result.Verdict.JsonName());
        json.WriteNumber("exitCode", result.ExitCode);
        json.WriteBoolean("aborted", result.AbortedBy is not null);
        json.WriteBoolean("interrupted", result.InterruptedBy is not null);
        WriteRun(json, result);
        WriteMetrics(json, result);
        json.WriteStartObject("failures");
        foreach (var (cause, count) in result.FailuresByCause)
        {
            json.WriteNumber(cause, count);
        }
        json.WriteEndObject();
        WriteFailedSteps(json, result);
        WriteEngineUsage(json, result);
        ServiceCountersJson.Write(json, result.Service);
        WriteThresholds(json, result);
        RegressionsJson.Write(json, result.Comparison, result.Interleaved);
        WriteErrors(json, result);
        json.WriteEndObject();
    }

    private static void WriteRun(Utf8JsonWriter json, RunResult result)
    {
        json.WriteStartObject("run");
        json.WriteString("started", result.Started);
        json.WriteNumber("durationSeconds", Math.Round(result.DurationSeconds, 3));
        if (result.Fingerprint is { } f)
        {
            json.WriteString("profile", f.Profile);
            json.WriteString("executor", f.Executor);
            json.WriteNumber("vus", f.Vus);
            json.WriteNumber("plannedDurationSeconds", f.DurationSeconds);
            json.WriteString("baseUrl", f.BaseUrl);
            WriteStrings(json, "suites", f.Suites);
            WriteStrings(json, "scenarios", f.Scenarios);
            json.WriteString("configPath", f.ConfigPath);
            json.WriteString("configHash", f.ConfigHash);
            json.WriteString("engineVersion", f.EngineVersion);
            json.WriteNumber("processorCount", f.ProcessorCount);
            json.WriteString("buildConfiguration", f.BuildConfiguration);
            json.WriteString("targetFramework", f.TargetFramework);
        }
        if (result.Warmup is { } warmup)
        {
            json.WriteStartObject("warmup");
            json.WriteNumber("seconds", Math.Round(warmup.Seconds, 3));
            json.WriteNumber("requests", warmup.Requests);
            json.WriteNumber("failed", warmup.Failed);
            json.WriteNumber("p95", Round(warmup.P95Ms));
            json.WriteEndObject();
        }
        if (!result.Segment.IsWhole)
        {
            // The fingerprint is the whole test's; this run drove only this share of it (docs/distributed.md).
            json.WriteString("segment", result.Segment.Segment.ToString());
            json.WriteString("segmentSequence", result.Segment.Sequence.ToString());
        }
        json.WriteEndObject();
    }

    private static void WriteMetrics(Utf8JsonWriter json, RunResult result)
    {
        json.WriteStartObject("metrics");
        foreach (var (name, value) in MetricSummaries.For(result))
        {
            json.WriteStartObject(name);
            switch (value)
            {
                case TrendAggregate t:
                    json.WriteString("type", "trend");
                    json.WriteNumber("avg", Round(t.Avg));
                    json.WriteNumber("min", Round(t.Min));
                    json.WriteNumber("med", Round(t.Med));
                    json.WriteNumber("max", Round(t.Max));
                    foreach (var p in ReportedPercentiles)
                    {
                        json.WriteNumber($"p({p})", Round(t.Percentile(p)));
                    }
                    json.WriteNumber("count", t.SampleCount);
                    break;
                case RateAggregate r:
                    json.WriteString("type", "rate");
                    json.WriteNumber("rate", Math.Round(r.Rate, 6));
                    json.WriteNumber("passes", r.Passes);
                    json.WriteNumber("fails", r.Fails);
                    break;
                case CounterAggregate c:
                    json.WriteString("type", "counter");
                    json.WriteNumber("count", c.Count);
                    json.WriteNumber("rate", Round(c.Rate));
                    break;
                case GaugeAggregate g:
                    json.WriteString("type", "gauge");
                    json.WriteNumber("value", g.Value);
                    break;
            }
            json.WriteEndObject();
        }
        json.WriteEndObject();
    }

    private static void WriteFailedSteps(Utf8JsonWriter json, RunResult result)
    {
        json.WriteStartArray("failuresByStep");
        foreach (var step in FailedStep.Of(result))
        {
            json.WriteStartObject();
            json.WriteString("step", step.Step);
            json.WriteNumber("count", step.Count);
            json.WriteStartObject("outcomes");
            foreach (var outcome in step.Outcomes)
            {
                json.WriteNumber(outcome.Outcome, outcome.Count);
            }
            json.WriteEndObject();
            json.WriteStartArray("samples");
            foreach (var sample in step.Samples)
            {
                json.WriteStartObject();
                json.WriteString("method", sample.Method);
                json.WriteString("path", sample.Path);
                json.WriteNumber("status", sample.Status);
                json.WriteString("cause", sample.Cause);
                json.WriteString("body", sample.Body);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }

    private static void WriteEngineUsage(Utf8JsonWriter json, RunResult result)
    {
        if (result.EngineUsage is not { } usage)
        {
            return;
        }
        json.WriteStartObject("engine");
        json.WriteNumber("cpuSeconds", Round(usage.CpuSeconds));
        json.WriteNumber("allocatedBytes", usage.AllocatedBytes);
        json.WriteNumber("gen0Collections", usage.Gen0Collections);
        json.WriteNumber("gen1Collections", usage.Gen1Collections);
        json.WriteNumber("gen2Collections", usage.Gen2Collections);
        json.WriteEndObject();
    }

    private static void WriteThresholds(Utf8JsonWriter json, RunResult result)
    {
        json.WriteStartArray("thresholds");
        foreach (var t in result.Thresholds)
        {
            json.WriteStartObject();
            json.WriteString("metric", t.Definition.Selector.Text);
            json.WriteString("expression", t.Definition.Source);
            json.WriteBoolean("ok", t.Ok);
            if (t.Actual is { } actual)
            {
                json.WriteNumber("actual", actual);
            }
            else
            {
                json.WriteNull("actual");
            }
            json.WriteString("unit", t.Unit);
            json.WriteNumber("samples", t.Samples);
            json.WriteString("message", t.Message);
            json.WriteBoolean("abortOnFail", t.Definition.AbortOnFail);
            json.WriteString("file", t.Definition.Location.File);
            json.WriteNumber("line", t.Definition.Location.Line);
            json.WriteNumber("column", t.Definition.Location.Column);
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }

    private static void WriteErrors(Utf8JsonWriter json, RunResult result)
    {
        json.WriteStartArray("errors");
        foreach (var error in result.Errors)
        {
            json.WriteStartObject();
            json.WriteString("kind", error.Kind);
            json.WriteString("message", error.Message);
            if (error.Location is { } location)
            {
                json.WriteString("file", location.File);
                json.WriteNumber("line", location.Line);
                json.WriteNumber("column", location.Column);
            }
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }

    private static void WriteStrings(Utf8JsonWriter json, string name, IEnumerable<string> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values)
        {
            json.WriteStringValue(value);
        }
        json.WriteEndArray();
    }

    private static double Round(double value) => Math.Round(value, 3);
}
