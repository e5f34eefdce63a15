using System.Diagnostics.Tracing;
using Microsoft.Diagnostics.NETCore.Client;

namespace Modulo.Perf.Engine.ServiceCounters;

/// <summary>
/// What the EventPipe session asks the service for, as dotnet-counters does: the runtime's EventCounters
/// (<c>System.Runtime</c>, once a second) and ASP.NET Core's meters through the <c>System.Diagnostics.Metrics</c>
/// bridge, whose events carry the session id so another tool's session on the same service is ignored.
/// The meters are asked for only on request (<c>--service-meters</c>): a listener on the hosting meter makes the
/// service record every request's duration with its tags, which cost the sample about a fifth of its
/// throughput in one interleaved measurement on a 2-core machine (docs/performance.md); the runtime's counters
/// are polled once a second. Nothing per request is enabled: no runtime (<c>Microsoft-Windows-DotNETRuntime</c>)
/// or hosting EventSource events, and of <c>System.Runtime</c>'s own events only the one that gives the
/// service's processor count.
/// </summary>
internal static class ServiceCounterProviders
{
    public const string RuntimeProvider = "System.Runtime";
    public const string MetricsProvider = "System.Diagnostics.Metrics";
    public const string HostingMeter = "Microsoft.AspNetCore.Hosting";
    public const string KestrelMeter = "Microsoft.AspNetCore.Server.Kestrel";
    public const int IntervalSeconds = 1;
    // RuntimeEventSource keywords: 0x1 logs every AppContext switch (unused), 0x2 the processor count once, which
    // turns its CPU-usage counter (a share of all the service's processors) into CPU time. Counters need no keyword.
    private const long RuntimeKeywords = 0x2;
    // MetricsEventSource keywords: 0x1 messages (errors of the bridge), 0x2 time-series values.
    private const long MetricsKeywords = 0x1 | 0x2;

    public static IReadOnlyList<EventPipeProvider> For(string sessionId, bool aspNetCoreMeters) =>
        aspNetCoreMeters ? [Runtime, AspNetCore(sessionId)] : [Runtime];

    private static EventPipeProvider Runtime { get; } = new(RuntimeProvider, EventLevel.Informational, RuntimeKeywords,
        new Dictionary<string, string> { ["EventCounterIntervalSec"] = $"{IntervalSeconds}" });

    private static EventPipeProvider AspNetCore(string sessionId) =>
        new(MetricsProvider, EventLevel.Informational, MetricsKeywords, new Dictionary<string, string>
        {
            ["SessionId"] = sessionId,
            // Only the two instruments used: each enabled instrument costs the service work on every request or connection.
            ["Metrics"] = $"{HostingMeter}\\{ServiceCounterNames.ServerRequestDuration};{KestrelMeter}\\{ServiceCounterNames.ActiveConnections}",
            ["RefreshInterval"] = $"{IntervalSeconds}",
            ["MaxTimeSeries"] = "1000",
            // One histogram per route, method and status: room for a service with many endpoints.
            ["MaxHistograms"] = "200",
        });
}
