using System.Collections.Concurrent;
using Modulo.Perf.Engine.Metrics;

namespace Modulo.Perf.Engine.WebSockets;

/// <summary>
/// The series one WebSocket step records into, tagged with its scenario and name. Registered when the scenario
/// is compiled, or on the first use of a topic (a topic may come from a variable), never per message.
/// The receive loop records received messages, closes and session ends against the step active on its socket.
/// </summary>
internal sealed class WebSocketStepMetrics
{
    private readonly MetricRegistry _registry;
    private readonly TagSet _scenarioTags;
    private readonly TagSet _stepTags;
    private readonly int _connecting;
    private readonly int _sessions;
    private readonly int _sessionDuration;
    private readonly int _sent;
    private readonly int _received;
    private readonly int _messageLatency;
    private readonly int _succeeded;
    private readonly Dictionary<string, int> _failed;
    private readonly ConcurrentDictionary<string, int> _receivedByTopic = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _subscribeLatencyByTopic = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _eventIntervalByTopic = new(StringComparer.Ordinal);

    public WebSocketStepMetrics(MetricRegistry registry, string scenario, string step)
    {
        _registry = registry;
        _scenarioTags = new TagSet(new Dictionary<string, string> { ["scenario"] = scenario });
        _stepTags = _scenarioTags.With("name", step);
        _connecting = registry.Register(MetricCatalog.WsConnecting, _stepTags).Id;
        _sessions = registry.Register(MetricCatalog.WsSessions, _scenarioTags).Id;
        _sessionDuration = registry.Register(MetricCatalog.WsSessionDuration, _scenarioTags).Id;
        _sent = registry.Register(MetricCatalog.WsMsgsSent, _stepTags).Id;
        _received = registry.Register(MetricCatalog.WsMsgsReceived, _stepTags).Id;
        _messageLatency = registry.Register(MetricCatalog.WsMessageLatency, _stepTags).Id;
        _succeeded = registry.Register(MetricCatalog.WsErrors, _stepTags).Id;
        _failed = WebSocketErrorCauses.All.ToDictionary(
            cause => cause, cause => registry.Register(MetricCatalog.WsErrors, _stepTags.With("cause", cause)).Id);
    }

    /// <summary>A handshake succeeded: its time, one more session, and a successful ws_errors sample.</summary>
    public void Connected(long micros)
    {
        _registry.RecordTrend(_connecting, micros);
        _registry.AddCounter(_sessions, 1);
        _registry.AddRate(_succeeded, false);
    }

    public void SessionEnded(long micros) => _registry.RecordTrend(_sessionDuration, micros);

    public void Sent() => _registry.AddCounter(_sent, 1);

    /// <param name="topic">The topic of an event the session is subscribed to, or null for any other message.</param>
    public void Received(string? topic) =>
        _registry.AddCounter(topic is null ? _received : SeriesFor(_receivedByTopic, MetricCatalog.WsMsgsReceived, _stepTags, topic), 1);

    public void MessageLatency(long micros) => _registry.RecordTrend(_messageLatency, micros);

    public void SubscribeLatency(string topic, long micros) =>
        _registry.RecordTrend(SeriesFor(_subscribeLatencyByTopic, MetricCatalog.WsSubscribeLatency, _stepTags, topic), micros);

    /// <summary>Bookkeeping for a topic this step subscribes to; its ws_event_interval is tagged by scenario and topic.</summary>
    public TopicSubscription Subscription(string topic) =>
        new(topic, _registry, SeriesFor(_eventIntervalByTopic, MetricCatalog.WsEventInterval, _scenarioTags, topic));

    /// <summary>A wait (await, subscribe, unsubscribe) ended as it should: a successful ws_errors sample.</summary>
    public void Succeeded() => _registry.AddRate(_succeeded, false);

    /// <summary>A failed ws_errors sample with its cause (<see cref="WebSocketErrorCauses"/>).</summary>
    public void Failed(string cause) => _registry.AddRate(_failed[cause], true);

    private int SeriesFor(ConcurrentDictionary<string, int> cache, string metric, TagSet tags, string topic) =>
        cache.TryGetValue(topic, out var id)
            ? id
            : cache.GetOrAdd(topic, t => _registry.Register(metric, tags.With("topic", t)).Id);
}
