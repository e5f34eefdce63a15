using System.Text.Json.Nodes;

namespace Modulo.Perf.Engine.Scenarios;

/// <summary>
/// The built-in websocket suite against the sample's hub protocol: a persistent connection (one handshake per
/// VU, reused by every later iteration), three ping/pong round trips, a subscription to <c>notes</c> proven by its
/// first event, one second of events, and the unsubscribe. Ids are <c>{seq}.1</c>..<c>{seq}.3</c>, unique per VU
/// iteration, so a late pong can never answer a later ping.
/// </summary>
internal static class WebSocketSuite
{
    private const string Topic = "notes";
    private const int RoundTrips = 3;

    public static ScenarioDefinition Create(string path) => new()
    {
        Name = BuiltInSuites.WebSocket,
        Steps =
        [
            new WebSocketStepDefinition { Name = "connect", Action = WebSocketAction.Connect, Path = path, Persistent = true },
            .. Enumerable.Range(1, RoundTrips).SelectMany(RoundTrip),
            new WebSocketStepDefinition { Name = $"subscribe {Topic}", Action = WebSocketAction.Subscribe, Topic = Topic },
            new WebSocketStepDefinition { Name = $"hold {Topic}", Action = WebSocketAction.Hold, Duration = TimeSpan.FromSeconds(1) },
            new WebSocketStepDefinition { Name = $"unsubscribe {Topic}", Action = WebSocketAction.Unsubscribe, Topic = Topic },
        ],
    };

    // Every round trip shares the step names "ping" and "pong", so ws_message_latency{name:pong} covers all three.
    private static WebSocketStepDefinition[] RoundTrip(int number) =>
    [
        new() { Name = "ping", Action = WebSocketAction.Send, Message = new JsonObject { ["type"] = "ping", ["id"] = $"{{seq}}.{number}" } },
        new() { Name = "pong", Action = WebSocketAction.Await, Match = $"type == \"pong\" && id == \"{{seq}}.{number}\"" },
    ];
}
