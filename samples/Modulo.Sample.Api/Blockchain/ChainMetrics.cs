namespace Modulo.Sample.Api.Blockchain;

/// <summary>
/// <c>GET /api/blockchain/metrics</c>. <see cref="TotalBlocks"/> counts the genesis block; <see cref="BlocksPerSecond"/>
/// counts blocks made in the last second; <see cref="SyncCount"/> counts syncs started (an extended sync is one);
/// <see cref="AverageBlockTimeMs"/> is the mean gap between consecutive blocks of a sync.
/// </summary>
public sealed record ChainMetrics(long TotalBlocks, int BlocksPerSecond, int SyncCount, double AverageBlockTimeMs, long PendingBlocks);
