using Modulo.Perf.Engine.Metrics;

namespace Modulo.Perf.Engine.Steps.Http;

/// <summary>
/// The series ids one request outcome (a step with one status or failure cause) records into. Resolved once per
/// outcome and cached by the step, so recording a request is a handful of array writes.
/// </summary>
internal readonly record struct RequestSeries(int Duration, int ServiceTime, int Requests, int Failed, int DataSent, int DataReceived)
{
    public static RequestSeries Register(MetricRegistry registry, TagSet tags) => new(
        registry.Register(MetricCatalog.HttpReqDuration, tags).Id,
        registry.Register(MetricCatalog.HttpReqServiceTime, tags).Id,
        registry.Register(MetricCatalog.HttpReqs, tags).Id,
        registry.Register(MetricCatalog.HttpReqFailed, tags).Id,
        registry.Register(MetricCatalog.DataSent, tags).Id,
        registry.Register(MetricCatalog.DataReceived, tags).Id);
}
