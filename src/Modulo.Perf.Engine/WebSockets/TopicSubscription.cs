using Modulo.Perf.Engine.Metrics;

namespace Modulo.Perf.Engine.WebSockets;

/// <summary>
/// A topic a connection subscribed to: the receive loop recognises its events and records the gap between
/// consecutive ones (ws_event_interval), which shows how evenly the server delivers them.
/// </summary>
internal sealed class TopicSubscription(string topic, MetricRegistry registry, int intervalSeries)
{
    // Written only by the receive loop; 0 until the first event after subscribing.
    private long _lastEventAt;

    public string Topic { get; } = topic;

    public void OnEvent(long arrivedAt)
    {
        if (_lastEventAt != 0)
        {
            registry.RecordTrend(intervalSeries, Elapsed.Micros(_lastEventAt, arrivedAt));
        }
        _lastEventAt = arrivedAt;
    }
}
