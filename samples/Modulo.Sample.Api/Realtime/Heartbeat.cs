namespace Modulo.Sample.Api.Realtime;

/// <summary>The data of a heartbeat event: the pause that triggered it, so a client can tell idle from silent.</summary>
public sealed record Heartbeat(int IntervalMs);
