using System.Text.Json;
using System.Text.Json.Nodes;
using Modulo.Perf.Engine.Scenarios;
using Modulo.Perf.Engine.SourceText;

namespace Modulo.Perf.Engine.Configuration;

/// <summary>
/// Reads the steps of one scenario in order. Each step may use only the variables captured by the steps
/// before it (plus the built-in <c>{seq}</c>); an unknown variable is an error at its position in the string.
/// </summary>
internal sealed class StepLoader(string scenarioName, Func<string, string?> environment)
{
    private static readonly string[] HttpMethods = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];
    private static readonly string[] HttpProperties = ["name", "method", "path", "body", "headers", "type", "expect", "capture", "thinkTime"];
    private static readonly string[] RequestTypes = ["read", "write", "sync"];

    private static readonly Dictionary<string, WebSocketAction> WebSocketActions = new(StringComparer.Ordinal)
    {
        ["connect"] = WebSocketAction.Connect,
        ["send"] = WebSocketAction.Send,
        ["await"] = WebSocketAction.Await,
        ["subscribe"] = WebSocketAction.Subscribe,
        ["unsubscribe"] = WebSocketAction.Unsubscribe,
        ["hold"] = WebSocketAction.Hold,
        ["close"] = WebSocketAction.Close,
    };

    // Besides name, ws and thinkTime, the fields each action takes; "timeout" is for actions that wait for the server.
    private static readonly Dictionary<WebSocketAction, string[]> WebSocketFields = new()
    {
        [WebSocketAction.Connect] = ["path", "persistent", "timeout"],
        [WebSocketAction.Send] = ["message"],
        [WebSocketAction.Await] = ["match", "timeout"],
        [WebSocketAction.Subscribe] = ["topic", "timeout"],
        [WebSocketAction.Unsubscribe] = ["topic", "timeout"],
        [WebSocketAction.Hold] = ["duration"],
        [WebSocketAction.Close] = ["timeout"],
    };

    private readonly HashSet<string> _variables = new(StringComparer.Ordinal) { ScenarioDefinition.SequenceVariable, ScenarioDefinition.VuVariable };

    public StepDefinition Load(ConfigNode node)
    {
        var method = node.Property("method");
        var action = node.Property("ws");
        return (method, action) switch
        {
            ({ } m, null) => LoadHttp(node, m),
            (null, { } a) => LoadWebSocket(node, a),
            (not null, not null) => throw node.Error($"{node.What} has both 'method' and 'ws'; a step is either an HTTP request or a WebSocket action"),
            _ => throw node.Error($"{node.What} needs 'method' (an HTTP request) or 'ws' (a WebSocket action)"),
        };
    }

    private HttpStepDefinition LoadHttp(ConfigNode node, ConfigNode methodNode)
    {
        node.RejectUnknownProperties(HttpProperties);
        var method = methodNode.GetString().ToUpperInvariant();
        if (!HttpMethods.Contains(method))
        {
            throw methodNode.Error($"unknown HTTP method '{methodNode.GetString()}'; use {string.Join(", ", HttpMethods)}");
        }

        var path = ReadPath(node.RequiredProperty("path"));

        var step = new HttpStepDefinition
        {
            Name = node.Property("name")?.GetNonEmptyString() ?? $"{method} {path}",
            Method = method,
            Path = path,
            Body = node.Property("body") is { } body ? CheckBody(body) : null,
            Headers = node.Property("headers") is { } headers ? ReadHeaders(headers) : new Dictionary<string, string>(),
            Type = node.Property("type") is { } type ? ReadRequestType(type) : DefaultRequestType(method),
            Expect = node.Property("expect") is { } expect ? ReadExpect(expect) : [],
            Capture = node.Property("capture") is { } capture ? ReadCapture(capture) : new Dictionary<string, string>(),
            ThinkTime = node.Property("thinkTime")?.GetDuration() ?? TimeSpan.Zero,
            Location = node.Location,
        };
        // Captures become usable only after this step, so they are added last.
        _variables.UnionWith(step.Capture.Keys);
        return step;
    }

    private WebSocketStepDefinition LoadWebSocket(ConfigNode node, ConfigNode actionNode)
    {
        var actionName = actionNode.GetString();
        if (!WebSocketActions.TryGetValue(actionName, out var action))
        {
            throw actionNode.Error(
                $"unknown WebSocket action '{actionName}'{NameSuggester.Hint(actionName, WebSocketActions.Keys)}; use {string.Join(", ", WebSocketActions.Keys)}");
        }

        node.RejectUnknownProperties(["name", "ws", "thinkTime", .. WebSocketFields[action]]);

        return new WebSocketStepDefinition
        {
            Name = node.Property("name")?.GetNonEmptyString() ?? $"ws {actionName}",
            Action = action,
            Path = node.Property("path") is { } path ? ReadPath(path) : null,
            Persistent = node.Property("persistent")?.GetBoolean() ?? false,
            Message = action == WebSocketAction.Send ? CheckBody(node.RequiredProperty("message")) : null,
            Match = action == WebSocketAction.Await ? CheckTemplate(node.RequiredProperty("match"), nonEmpty: true) : null,
            Topic = action is WebSocketAction.Subscribe or WebSocketAction.Unsubscribe ? CheckTemplate(node.RequiredProperty("topic"), nonEmpty: true) : null,
            Timeout = node.Property("timeout")?.GetPositiveDuration() ?? TimeSpan.FromSeconds(5),
            Duration = action == WebSocketAction.Hold ? node.RequiredProperty("duration").GetPositiveDuration() : TimeSpan.Zero,
            ThinkTime = node.Property("thinkTime")?.GetDuration() ?? TimeSpan.Zero,
            Location = node.Location,
        };
    }

    private string ReadPath(ConfigNode node)
    {
        var path = CheckTemplate(node, nonEmpty: true);
        return path.StartsWith('/') ? path : throw node.Error($"{node.What} must start with '/' (it is appended to baseUrl), not '{path}'");
    }

    private Dictionary<string, string> ReadHeaders(ConfigNode node)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in node.Properties())
        {
            // Variables are checked on the text as written, so their positions are the ones in the file.
            var text = CheckTemplate(value, nonEmpty: false);
            if (!headers.TryAdd(name, EnvironmentExpander.Expand(value, text, environment)))
            {
                throw value.Error($"header '{name}' is given twice (header names ignore case)");
            }
        }
        return headers;
    }

    private static RequestType ReadRequestType(ConfigNode node)
    {
        var text = node.GetString();
        return text switch
        {
            "read" => RequestType.Read,
            "write" => RequestType.Write,
            "sync" => RequestType.Sync,
            _ => throw node.Error($"unknown request type '{text}'; use {string.Join(", ", RequestTypes)}"),
        };
    }

    private static RequestType DefaultRequestType(string method) =>
        method is "GET" or "HEAD" or "OPTIONS" ? RequestType.Read : RequestType.Write;

    private static List<int> ReadExpect(ConfigNode node) =>
        node.Kind == JsonValueKind.Array
            ? [.. node.Elements().Select(status => status.GetInt32(100, 599))]
            : [node.GetInt32(100, 599)];

    private static Dictionary<string, string> ReadCapture(ConfigNode node)
    {
        var capture = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, pathNode) in node.Properties())
        {
            if (!TemplateString.IsVariableName(name))
            {
                throw pathNode.NameError($"capture variable '{name}' must be a name of letters, digits and underscores that starts with a letter or underscore");
            }

            var path = pathNode.GetString();
            try
            {
                JsonPath.Compile(path);
            }
            catch (FormatException e)
            {
                throw pathNode.Error(e.Message);
            }
            capture.Add(name, path);
        }
        return capture;
    }

    // Checks every string inside a JSON body or message for unknown variables.
    private JsonNode? CheckBody(ConfigNode node)
    {
        switch (node.Kind)
        {
            case JsonValueKind.String:
                CheckTemplate(node, nonEmpty: false);
                break;
            case JsonValueKind.Object:
                foreach (var (_, value) in node.Properties())
                {
                    CheckBody(value);
                }

                break;
            case JsonValueKind.Array:
                foreach (var element in node.Elements())
                {
                    CheckBody(element);
                }

                break;
        }
        return node.Node;
    }

    private string CheckTemplate(ConfigNode node, bool nonEmpty)
    {
        var text = nonEmpty ? node.GetNonEmptyString() : node.GetString();
        foreach (var segment in TemplateString.Parse(text).Segments)
        {
            if (segment.IsVariable && !_variables.Contains(segment.Text))
            {
                throw node.ErrorAt(segment.Start,
                    $"unknown variable '{{{segment.Text}}}' in {node.What}: capture it in an earlier step of scenario '{scenarioName}' " +
                    $"(known here: {string.Join(", ", _variables.Order(StringComparer.Ordinal).Select(v => $"{{{v}}}"))})");
            }
        }
        return text;
    }
}
