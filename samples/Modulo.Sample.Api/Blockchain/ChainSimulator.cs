namespace Modulo.Sample.Api.Blockchain;

/// <summary>
/// The in-memory chain and its sync state. Triggers raise the target height; <see cref="ProduceNextBlock"/>,
/// called at a steady pace, appends one block while the chain is behind its target. All members are thread-safe.
/// </summary>
public sealed class ChainSimulator
{
    /// <summary>How far one trigger raises the target.</summary>
    public const int BlocksPerTrigger = 25;

    /// <summary>The simulated network size reported by the status.</summary>
    public const int SimulatedPeers = 8;

    private const int MaxTransactionsPerBlock = 200;
    private static readonly TimeSpan BlockRateWindow = TimeSpan.FromSeconds(1);

    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly Queue<long> _recentBlockTimes = new();
    private Block _latest;
    private long _targetHeight;
    private long _syncStartHeight;
    private string? _syncId;
    private int _syncCount;
    private DateTimeOffset? _lastSyncedAt;
    private double _blockGapTotalMs;
    private long _blockGapCount;

    public ChainSimulator(TimeProvider time)
    {
        _time = time;
        _latest = Block.Genesis(time.GetUtcNow().ToUnixTimeMilliseconds());
    }

    public Block Latest
    {
        get
        {
            lock (_gate)
            {
                return _latest;
            }
        }
    }

    /// <summary>Starts a sync, or extends the running one, by <see cref="BlocksPerTrigger"/> blocks.</summary>
    public SyncTicket Trigger()
    {
        lock (_gate)
        {
            if (_syncId is null)
            {
                _syncId = Guid.NewGuid().ToString("N");
                _syncStartHeight = _latest.Height;
                _targetHeight = _latest.Height;
                _syncCount++;
            }

            _targetHeight += BlocksPerTrigger;
            return new SyncTicket(_syncId, _targetHeight);
        }
    }

    /// <summary>Appends the next block when syncing; null when idle.</summary>
    public Block? ProduceNextBlock()
    {
        lock (_gate)
        {
            if (_syncId is null)
            {
                return null;
            }

            var now = _time.GetUtcNow();
            var nowMs = now.ToUnixTimeMilliseconds();
            if (_latest.Height > _syncStartHeight)
            {
                // Only gaps inside a sync count: the pause before a sync is idle time, not block time.
                _blockGapTotalMs += nowMs - _latest.Timestamp;
                _blockGapCount++;
            }

            _latest = _latest.Successor(nowMs, Random.Shared.Next(1, MaxTransactionsPerBlock + 1));
            _recentBlockTimes.Enqueue(nowMs);
            ForgetBlocksBefore(nowMs - (long)BlockRateWindow.TotalMilliseconds);
            if (_latest.Height >= _targetHeight)
            {
                _syncId = null;
                _lastSyncedAt = now;
            }

            return _latest;
        }
    }

    public SyncStatus Status()
    {
        lock (_gate)
        {
            var syncing = _syncId is not null;
            var progress = syncing
                ? Math.Round((double)(_latest.Height - _syncStartHeight) / (_targetHeight - _syncStartHeight), 4)
                : 1.0;
            return new SyncStatus(syncing ? "syncing" : "idle", _latest.Height, _targetHeight,
                progress, SimulatedPeers, _lastSyncedAt);
        }
    }

    public ChainMetrics Metrics()
    {
        lock (_gate)
        {
            ForgetBlocksBefore(_time.GetUtcNow().ToUnixTimeMilliseconds() - (long)BlockRateWindow.TotalMilliseconds);
            var averageGap = _blockGapCount == 0 ? 0 : Math.Round(_blockGapTotalMs / _blockGapCount, 2);
            var pending = _syncId is null ? 0 : _targetHeight - _latest.Height;
            return new ChainMetrics(_latest.Height + 1, _recentBlockTimes.Count, _syncCount, averageGap, pending);
        }
    }

    /// <summary>Keeps only the production times inside the blocks-per-second window. Call inside the gate.</summary>
    private void ForgetBlocksBefore(long windowStartMs)
    {
        while (_recentBlockTimes.TryPeek(out var oldest) && oldest <= windowStartMs)
        {
            _recentBlockTimes.Dequeue();
        }
    }
}
