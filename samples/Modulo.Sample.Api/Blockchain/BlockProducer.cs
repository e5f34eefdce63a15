using Modulo.Sample.Api.Realtime;

namespace Modulo.Sample.Api.Blockchain;

/// <summary>Produces one block every <see cref="BlockInterval"/> while a sync is running, and announces it on the blocks topic.</summary>
public sealed class BlockProducer(ChainSimulator chain, RealtimeHub hub, TimeProvider time) : BackgroundService
{
    public static readonly TimeSpan BlockInterval = TimeSpan.FromMilliseconds(20);

    // The cancellation exception that ends the wait at shutdown is expected by the host and not logged as an error.
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(BlockInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            if (chain.ProduceNextBlock() is { } block)
            {
                hub.Publish(Topics.Blocks, TopicEvents.Created, block);
            }
        }
    }
}
