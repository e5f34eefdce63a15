namespace Modulo.Perf.Engine.Steps.WebSockets;

/// <summary>
/// The key of a VU's WebSocket session in <see cref="VirtualUser.Sessions"/>: one per scenario, shared
/// by its steps by value, so a persistent socket is found again by the scenario's next iteration.
/// </summary>
internal sealed record WebSocketSessionKey(string Scenario);
