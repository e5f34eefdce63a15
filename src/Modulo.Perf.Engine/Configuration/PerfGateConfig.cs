using Modulo.Perf.Engine.Baselines;
using Modulo.Perf.Engine.Execution.Executors;
using Modulo.Perf.Engine.Http;
using Modulo.Perf.Engine.Scenarios;
using Modulo.Perf.Engine.Thresholds;

namespace Modulo.Perf.Engine.Configuration;

/// <summary>A loaded, validated <c>perfgate.json</c>. Produced only by <see cref="ConfigLoader"/>.</summary>
public sealed class PerfGateConfig
{
    /// <summary>Full path of the file this was read from; positions in diagnostics refer to it.</summary>
    public required string SourcePath { get; init; }

    public string? BaseUrl { get; init; }

    /// <summary>Built-in suites to run when the command line selects nothing (crud, sync, websocket).</summary>
    public IReadOnlyList<string> Suites { get; init; } = [];

    /// <summary>Name of the profile to use when the command line names none.</summary>
    public string? Profile { get; init; }

    /// <summary>User scenarios in file order.</summary>
    public IReadOnlyList<ScenarioDefinition> Scenarios { get; init; } = [];

    /// <summary>Data feeders, their files already read.</summary>
    public IReadOnlyList<DataFeed> Data { get; init; } = [];

    /// <summary>Steps run once before the load; their captures are read by every VU.</summary>
    public IReadOnlyList<StepDefinition> Setup { get; init; } = [];

    /// <summary>Steps run once after the load.</summary>
    public IReadOnlyList<StepDefinition> Teardown { get; init; } = [];

    /// <summary>Whether setup and teardown requests also feed the slo_*_latency trends (by default they do not).</summary>
    public bool IncludeSetupInSlo { get; init; }

    /// <summary>User profiles by name; they may shadow the built-in smoke, normal and stress.</summary>
    public IReadOnlyDictionary<string, ProfileDefinition> Profiles { get; init; } = new Dictionary<string, ProfileDefinition>();

    public IReadOnlyList<ThresholdDefinition> Thresholds { get; init; } = [];

    /// <summary>Tolerances and history rules of the baseline comparison (docs/baselines.md).</summary>
    public RegressionSettings Regression { get; init; } = new();

    /// <summary>Per-request timeout; a request that takes longer fails with cause "timeout".</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(10);
    /// <summary>The longest response body a request may get (bytes); a longer one fails with cause too_large.</summary>
    public int MaxResponseBody { get; init; } = HttpTransportOptions.DefaultMaxResponseBody;

    /// <summary>
    /// The <c>User-Agent</c> of HTTP requests that set none and of WebSocket handshakes (default
    /// <c>modulo-perf/&lt;version&gt;</c>); empty for none.
    /// </summary>
    public string UserAgent { get; init; } = HttpUserAgent.Value;

    /// <summary>Certificate checks and client certificate for https:// targets (docs/http-transport.md#https-and-http2).</summary>
    public TlsSettings Tls { get; init; } = TlsSettings.Default;

    /// <summary>Path of the WebSocket endpoint used by the built-in websocket suite.</summary>
    public string WebSocketPath { get; init; } = "/ws";

    /// <summary>SHA-256 of the file's bytes, lowercase hex; part of a run's fingerprint.</summary>
    public required string ContentHash { get; init; }
}
