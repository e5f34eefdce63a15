namespace Modulo.Perf.Engine.Metrics;

/// <summary>
/// Every built-in metric the engine emits, with its type. Names follow k6 where k6 has the metric,
/// so thresholds written for k6 read the same here. Thresholds may only name metrics listed here.
/// </summary>
public static class MetricCatalog
{
    // HTTP
    public const string HttpReqDuration = "http_req_duration";
    public const string HttpReqServiceTime = "http_req_service_time";
    public const string HttpReqFailed = "http_req_failed";
    public const string HttpReqs = "http_reqs";
    public const string HttpReqRetries = "http_req_retries";
    public const string HttpConnsOpened = "http_conns_opened";
    public const string HttpConnsPeak = "http_conns_peak";
    public const string SloReadLatency = "slo_read_latency";
    public const string SloWriteLatency = "slo_write_latency";
    public const string SloSyncLatency = "slo_sync_latency";
    public const string SloErrorRate = "slo_error_rate";
    public const string Availability = "availability";
    public const string Checks = "checks";
    // Iterations and virtual users
    public const string Iterations = "iterations";
    public const string IterationDuration = "iteration_duration";
    public const string DroppedIterations = "dropped_iterations";
    public const string Vus = "vus";
    public const string VusMax = "vus_max";
    public const string VusReached = "vus_reached";
    public const string DataSent = "data_sent";
    public const string DataReceived = "data_received";
    // WebSocket
    public const string WsConnecting = "ws_connecting";
    public const string WsMessageLatency = "ws_message_latency";
    public const string WsSubscribeLatency = "ws_subscribe_latency";
    public const string WsSessionDuration = "ws_session_duration";
    public const string WsEventInterval = "ws_event_interval";
    public const string WsMsgsSent = "ws_msgs_sent";
    public const string WsMsgsReceived = "ws_msgs_received";
    public const string WsSessions = "ws_sessions";
    public const string WsErrors = "ws_errors";
    // The service's own runtime counters (--service-pid), per completed request where the name says so
    public const string ServiceCpuPerRequest = "service_cpu_per_request";
    public const string ServiceAllocPerRequest = "service_alloc_per_request";
    public const string ServiceGcPauseRatio = "service_gc_pause_ratio";
    public const string ServiceGen2Collections = "service_gen2_collections";
    public const string ServiceThreadPoolQueue = "service_threadpool_queue";
    public const string ServiceWorkingSet = "service_working_set";
    public const string ServiceExceptions = "service_exceptions";
    public const string ServiceRequestDuration = "service_request_duration";

    public static IReadOnlyDictionary<string, MetricType> All { get; } = new Dictionary<string, MetricType>(StringComparer.Ordinal)
    {
        [HttpReqDuration] = MetricType.Trend,
        [HttpReqServiceTime] = MetricType.Trend,
        [HttpReqFailed] = MetricType.Rate,
        [HttpReqs] = MetricType.Counter,
        [HttpReqRetries] = MetricType.Counter,
        [HttpConnsOpened] = MetricType.Gauge,
        [HttpConnsPeak] = MetricType.Gauge,
        [SloReadLatency] = MetricType.Trend,
        [SloWriteLatency] = MetricType.Trend,
        [SloSyncLatency] = MetricType.Trend,
        [SloErrorRate] = MetricType.Rate,
        [Availability] = MetricType.Rate,
        [Checks] = MetricType.Rate,
        [Iterations] = MetricType.Counter,
        [IterationDuration] = MetricType.Trend,
        [DroppedIterations] = MetricType.Counter,
        [Vus] = MetricType.Gauge,
        [VusMax] = MetricType.Gauge,
        [VusReached] = MetricType.Gauge,
        [DataSent] = MetricType.Counter,
        [DataReceived] = MetricType.Counter,
        [WsConnecting] = MetricType.Trend,
        [WsMessageLatency] = MetricType.Trend,
        [WsSubscribeLatency] = MetricType.Trend,
        [WsSessionDuration] = MetricType.Trend,
        [WsEventInterval] = MetricType.Trend,
        [WsMsgsSent] = MetricType.Counter,
        [WsMsgsReceived] = MetricType.Counter,
        [WsSessions] = MetricType.Counter,
        [WsErrors] = MetricType.Rate,
        [ServiceCpuPerRequest] = MetricType.Gauge,
        [ServiceAllocPerRequest] = MetricType.Gauge,
        [ServiceGcPauseRatio] = MetricType.Gauge,
        [ServiceGen2Collections] = MetricType.Gauge,
        [ServiceThreadPoolQueue] = MetricType.Trend,
        [ServiceWorkingSet] = MetricType.Gauge,
        [ServiceExceptions] = MetricType.Gauge,
        [ServiceRequestDuration] = MetricType.Gauge,
    };

    /// <summary>
    /// Tags a sample can carry, usable in sub-metric selectors such as <c>http_req_duration{type:read}</c>.
    /// type: read|write|sync; name: step name; method; status: HTTP status code (0 when no response);
    /// scenario: scenario or suite name; cause: why a request failed (status, check, timeout, refused, reset, protocol);
    /// topic: WebSocket subscription topic; phase: setup|teardown on the requests of setup and teardown steps.
    /// </summary>
    public static IReadOnlySet<string> TagKeys { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "type", "name", "method", "status", "scenario", "cause", "topic", "phase",
    };

    public static bool TryGetType(string name, out MetricType type) => All.TryGetValue(name, out type);
}
