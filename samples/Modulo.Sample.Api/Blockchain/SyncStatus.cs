namespace Modulo.Sample.Api.Blockchain;

/// <summary>
/// <c>GET /api/blockchain/sync/status</c>. <see cref="Progress"/> is the fraction (0..1) of the current sync done;
/// 1 when idle. <see cref="LastSyncedAt"/> is when a sync last reached its target, null before the first.
/// </summary>
public sealed record SyncStatus(string State, long CurrentHeight, long TargetHeight, double Progress, int Peers, DateTimeOffset? LastSyncedAt);
