namespace Modulo.Perf.Engine.Steps;

/// <summary>Where a run's steps send their requests: the service's base URL and its default WebSocket path.</summary>
public sealed record StepTarget(Uri BaseUrl, string WebSocketPath);
