namespace Modulo.Sample.Api.Blockchain;

/// <summary>The answer to a sync trigger: the sync it started or extended, and that sync's new target.</summary>
public sealed record SyncTicket(string SyncId, long TargetHeight);
