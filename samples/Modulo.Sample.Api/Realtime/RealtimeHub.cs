using System.Collections.Concurrent;

namespace Modulo.Sample.Api.Realtime;

/// <summary>
/// Who is subscribed to what, and fan-out. Publishing serializes an event once and only enqueues it on each
/// subscriber's bounded queue, so a slow client never holds up the publisher or the other clients.
/// </summary>
public sealed class RealtimeHub(TimeProvider time)
{
    /// <summary>A topic that has carried no other event for this long gets a heartbeat.</summary>
    public static readonly TimeSpan HeartbeatInterval = TimeSpan.FromMilliseconds(100);

    private readonly IReadOnlyDictionary<string, TopicSubscribers> _topics =
        Topics.All.ToDictionary(topic => topic, _ => new TopicSubscribers(), StringComparer.Ordinal);

    public bool IsTopic(string topic) => _topics.ContainsKey(topic);

    public void Subscribe(string topic, ClientSession session) => _topics[topic].Sessions.TryAdd(session, 0);

    public void Unsubscribe(string topic, ClientSession session) => _topics[topic].Sessions.TryRemove(session, out _);

    public void UnsubscribeEverywhere(ClientSession session)
    {
        foreach (var topic in _topics.Values)
        {
            topic.Sessions.TryRemove(session, out _);
        }
    }

    public void Publish(string topic, string eventName, object data)
    {
        var subscribers = _topics[topic];
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        Interlocked.Exchange(ref subscribers.LastEventAtUnixMs, now);
        Fan(subscribers, new TopicEvent(topic, eventName, data, now));
    }

    /// <summary>Sends a heartbeat to every subscribed topic that has had no other event for <see cref="HeartbeatInterval"/>.</summary>
    public void SendHeartbeatsToIdleTopics()
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        foreach (var (topic, subscribers) in _topics)
        {
            // Heartbeats do not reset the idle clock, so an idle topic beats on every tick instead of every other one.
            var idleFor = now - Interlocked.Read(ref subscribers.LastEventAtUnixMs);
            if (!subscribers.Sessions.IsEmpty && idleFor >= HeartbeatInterval.TotalMilliseconds)
            {
                Fan(subscribers, new TopicEvent(topic, TopicEvents.Heartbeat, new Heartbeat((int)HeartbeatInterval.TotalMilliseconds), now));
            }
        }
    }

    private static void Fan(TopicSubscribers subscribers, TopicEvent topicEvent)
    {
        if (subscribers.Sessions.IsEmpty)
        {
            return;
        }

        var message = ServerMessages.Event(topicEvent);
        foreach (var session in subscribers.Sessions.Keys)
        {
            session.TryEnqueueEvent(topicEvent.Topic, message);
        }
    }

    private sealed class TopicSubscribers
    {
        public readonly ConcurrentDictionary<ClientSession, byte> Sessions = new();
        public long LastEventAtUnixMs;
    }
}
