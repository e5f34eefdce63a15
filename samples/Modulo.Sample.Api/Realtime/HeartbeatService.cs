namespace Modulo.Sample.Api.Realtime;

/// <summary>Ticks every <see cref="RealtimeHub.HeartbeatInterval"/> so idle subscriptions still receive events.</summary>
public sealed class HeartbeatService(RealtimeHub hub, TimeProvider time) : BackgroundService
{
    // The cancellation exception that ends the wait at shutdown is expected by the host and not logged as an error.
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(RealtimeHub.HeartbeatInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            hub.SendHeartbeatsToIdleTopics();
        }
    }
}
