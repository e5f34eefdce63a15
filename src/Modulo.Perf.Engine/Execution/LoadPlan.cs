using Modulo.Perf.Engine.Execution.Executors;
using Modulo.Perf.Engine.Execution.Segments;
using Modulo.Perf.Engine.Http;
using Modulo.Perf.Engine.Scenarios;
using Modulo.Perf.Engine.Steps;
using Modulo.Perf.Engine.Thresholds;

namespace Modulo.Perf.Engine.Execution;

/// <summary>
/// Everything one run needs, resolved from the config and the command line. <paramref name="Profile"/> is the
/// whole test's; <paramref name="Segment"/> (null: the whole test) says which share of it this instance runs.
/// </summary>
public sealed record LoadPlan(
    Uri BaseUrl,
    IReadOnlyList<ScenarioDefinition> Scenarios,
    ProfileDefinition Profile,
    IReadOnlyList<ThresholdDefinition> Thresholds,
    TimeSpan RequestTimeout,
    int MaxResponseBody,
    string WebSocketPath,
    ExecutionTuple? Segment = null)
{
    /// <summary>What the steps need to know of the target.</summary>
    public StepTarget Target => new(BaseUrl, WebSocketPath) { Tls = Tls, UserAgent = UserAgent };

    /// <summary>Data feeders, their rows read when the config was loaded.</summary>
    public IReadOnlyList<DataFeed> Data { get; init; } = [];

    /// <summary>Steps run once before the load; a failure there means no load is sent.</summary>
    public IReadOnlyList<StepDefinition> Setup { get; init; } = [];

    /// <summary>Steps run once after the load.</summary>
    public IReadOnlyList<StepDefinition> Teardown { get; init; } = [];

    /// <summary>Whether setup and teardown requests also feed the slo_*_latency trends.</summary>
    public bool IncludeSetupInSlo { get; init; }

    /// <summary>The <c>User-Agent</c> of HTTP requests that set none and of WebSocket handshakes; empty for none.</summary>
    public string UserAgent { get; init; } = HttpUserAgent.Value;

    /// <summary>Certificate checks and client certificate for an https:// target.</summary>
    public TlsSettings Tls { get; init; } = TlsSettings.Default;
}
