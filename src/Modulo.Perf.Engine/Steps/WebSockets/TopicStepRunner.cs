using System.Diagnostics;
using Modulo.Perf.Engine.Metrics;
using Modulo.Perf.Engine.Scenarios;
using Modulo.Perf.Engine.WebSockets;

namespace Modulo.Perf.Engine.Steps.WebSockets;

/// <summary>
/// What subscribe and unsubscribe share: the topic (which may use variables), the protocol message that asks
/// for the change, and the reply that confirms it: <c>{"type":"subscribed","topic":T}</c>.
/// </summary>
internal abstract class TopicStepRunner : WebSocketStepRunner
{
    private readonly TemplateString _topic;
    private readonly string _request;
    private readonly MessagePredicate _confirmation;
    private readonly byte[]? _constantMessage;

    /// <param name="request">The message type that asks: subscribe or unsubscribe.</param>
    protected TopicStepRunner(string scenario, WebSocketStepDefinition step, StepTarget target, MetricRegistry registry, string request)
        : base(scenario, step, target, registry)
    {
        _topic = TemplateString.Parse(step.Topic ?? "");
        _request = request;
        _confirmation = MessagePredicate.Parse($"type == \"{request}d\" && topic == {{topic}}");
        _constantMessage = _topic.IsConstant ? MessageTemplate.Subscription(request, _topic.ToString()) : null;
        Timeout = step.Timeout;
    }

    protected TimeSpan Timeout { get; }

    /// <summary>The topic for this VU now; null when a variable in it has no value.</summary>
    protected string? TopicFor(VirtualUser vu)
    {
        try
        {
            return _topic.Render(vu.Lookup);
        }
        catch (KeyNotFoundException)
        {
            return null;
        }
    }

    protected ReadOnlyMemory<byte> RequestFor(string topic) => _constantMessage ?? MessageTemplate.Subscription(_request, topic);

    protected BoundPredicate ConfirmationOf(string topic) => Bind(_confirmation, topic);

    protected static BoundPredicate Bind(MessagePredicate predicate, string topic) =>
        predicate.Bind(name => name == "topic" ? topic : null);

    /// <summary>Time left until a Stopwatch timestamp, never negative.</summary>
    protected static TimeSpan Remaining(long deadline)
    {
        var left = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), deadline);
        return left > TimeSpan.Zero ? left : TimeSpan.Zero;
    }
}
