using Modulo.Perf.Engine.Configuration;

namespace Modulo.Perf.Engine.Scenarios;

/// <summary>The built-in websocket suite (connect, round-trip, subscriptions); its steps arrive with the WebSocket engine.</summary>
internal static class WebSocketSuite
{
    public static ScenarioDefinition Create(string path) =>
        throw new ConfigurationException($"The websocket suite (endpoint {path}) is not available in this build yet.");
}
