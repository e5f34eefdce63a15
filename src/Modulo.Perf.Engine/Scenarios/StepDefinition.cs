using System.Text.Json.Nodes;
using Modulo.Perf.Engine.SourceText;

namespace Modulo.Perf.Engine.Scenarios;

/// <summary>What kind of work a request represents; selects the slo_*_latency trend it feeds.</summary>
public enum RequestType { Read, Write, Sync }

/// <summary>One step of a scenario: an HTTP request or a WebSocket action.</summary>
public abstract class StepDefinition
{
    public required string Name { get; init; }
    /// <summary>Pause after this step.</summary>
    public TimeSpan ThinkTime { get; init; }
    public SourceLocation? Location { get; init; }

    /// <summary>Every text of the step that may hold <c>{references}</c>.</summary>
    public abstract IEnumerable<TemplateString> Templates();

    /// <summary>The feeders the steps read (<c>{users.email}</c> names feeder <c>users</c>).</summary>
    public static IEnumerable<string> FeedsReadBy(IEnumerable<StepDefinition> steps) =>
        steps.SelectMany(s => s.Templates())
            .SelectMany(t => t.Variables)
            .Where(v => v.Contains('.'))
            .Select(v => v[..v.IndexOf('.')])
            .Distinct();
}

/// <summary>An HTTP request. <c>{var}</c> in path, header values and body strings is replaced by captured values.</summary>
public sealed class HttpStepDefinition : StepDefinition
{
    public required string Method { get; init; }
    public required string Path { get; init; }
    /// <summary>JSON body, sent with <c>Content-Type: application/json</c>; null for no body.</summary>
    public JsonNode? Body { get; init; }
    /// <summary>Form fields, sent URL-encoded as <c>application/x-www-form-urlencoded</c>; null for no form.</summary>
    public IReadOnlyList<KeyValuePair<string, string>>? Form { get; init; }
    /// <summary>A body sent as written (after its variables are replaced), with <see cref="ContentType"/>.</summary>
    public string? Text { get; init; }
    /// <summary>The Content-Type of <see cref="Text"/>.</summary>
    public string ContentType { get; init; } = "text/plain; charset=utf-8";
    /// <summary>
    /// Header values as templates. <c>${env:NAME}</c> is resolved when the config is loaded and becomes literal text:
    /// an environment value is sent as it is, braces and all, never read as a placeholder.
    /// </summary>
    public IReadOnlyDictionary<string, TemplateString> Headers { get; init; } = new Dictionary<string, TemplateString>();
    public RequestType Type { get; init; } = RequestType.Read;
    /// <summary>Statuses that count as success; empty means any 2xx or 3xx.</summary>
    public IReadOnlyList<int> Expect { get; init; } = [];
    /// <summary>Variable name to a JSON path (<c>$.id</c>, <c>$.items[0].id</c>) read from the response body.</summary>
    public IReadOnlyDictionary<string, string> Capture { get; init; } = new Dictionary<string, string>();
    /// <summary>JSON path to the value expected there (a template); each check feeds <c>checks{name:STEP}</c>.</summary>
    public IReadOnlyDictionary<string, string> Check { get; init; } = new Dictionary<string, string>();
    /// <summary>A failed check fails the request too (it counts in http_req_failed with cause <c>check</c>).</summary>
    public bool FailOnCheck { get; init; }

    // Header values are templates already: an ${env:} value in them is literal text, never a reference.
    public override IEnumerable<TemplateString> Templates()
    {
        string?[] texts = [Path, .. Form?.Select(f => f.Value) ?? [], .. Check.Values, Body?.ToJsonString(), Text];
        return [.. Headers.Values, .. texts.OfType<string>().Select(TemplateString.Parse)];
    }

    /// <summary>As k6 and browsers do: a login that answers 302 lands on its page. docs/http-transport.md says why.</summary>
    public const int DefaultFollowRedirects = 10;

    /// <summary>More hops than this is a loop, not a redirect chain.</summary>
    public const int MaxFollowRedirects = 50;

    /// <summary>How many same-origin redirects the step follows; 0 makes the 3xx response the step's answer.</summary>
    public int FollowRedirects { get; init; } = DefaultFollowRedirects;

    /// <summary>Whether the step sends the VU's cookies and stores the ones it gets (the scenario's <c>"cookies"</c>).</summary>
    public bool Cookies { get; init; } = true;

    /// <summary>The HTTP version the step speaks (the scenario's <c>"httpVersion"</c>, else the run's).</summary>
    public HttpProtocolVersion HttpVersion { get; init; } = HttpProtocolVersion.Http11;
}

/// <summary>The WebSocket actions a step can take (issue: WebSocket suite).</summary>
public enum WebSocketAction { Connect, Send, Await, Subscribe, Unsubscribe, Hold, Close }

/// <summary>A WebSocket step: <c>{"ws": "connect" | "send" | "await" | "subscribe" | "unsubscribe" | "hold" | "close", ...}</c>.</summary>
public sealed class WebSocketStepDefinition : StepDefinition
{
    public required WebSocketAction Action { get; init; }
    /// <summary>connect: path of the endpoint (default the config's WebSocketPath).</summary>
    public string? Path { get; init; }
    /// <summary>send: JSON message; <c>{var}</c> substituted, <c>{seq}</c> is a per-VU sequence number.</summary>
    public JsonNode? Message { get; init; }
    /// <summary>await: predicate over the received JSON, e.g. <c>type == "pong" &amp;&amp; id == {seq}</c>.</summary>
    public string? Match { get; init; }
    /// <summary>subscribe/unsubscribe: topic name.</summary>
    public string? Topic { get; init; }
    /// <summary>await: how long to wait; hold: how long to keep the socket open.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(5);
    public TimeSpan Duration { get; init; }
    /// <summary>connect: keep the socket open across iterations (reused by the next iteration's connect).</summary>
    public bool Persistent { get; init; }

    public override IEnumerable<TemplateString> Templates() =>
        new[] { Path, Message?.ToJsonString(), Match, Topic }.OfType<string>().Select(TemplateString.Parse);
}
