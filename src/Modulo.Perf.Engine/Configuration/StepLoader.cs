using System.Text.Json;
using System.Text.Json.Nodes;
using Modulo.Perf.Engine.Http;
using Modulo.Perf.Engine.Scenarios;
using Modulo.Perf.Engine.SourceText;

namespace Modulo.Perf.Engine.Configuration;

/// <summary>
/// Reads the steps of one scenario (its setup first) or of the run's setup or teardown, in order. Each step may use
/// the built-in variables, the feeders' columns, the variables the run's setup captured (<paramref name="inherited"/>)
/// and those captured by the steps before it; an unknown variable, feeder or column is an error at its position.
/// The scenario's default <c>headers</c> go on every HTTP step that does not set the same header and that comes
/// after the captures its value uses: a login step sends no <c>Authorization: Bearer {token}</c>, the steps after it do.
/// </summary>
/// <param name="scope">Where the steps are, for messages: "scenario 'browse'", "the run's setup".</param>
internal sealed class StepLoader(
    string scope, Func<string, string?> environment, IEnumerable<string> inherited, IReadOnlyList<DataFeed> feeds, ConfigNode? defaultHeaders = null)
{
    private static readonly string[] HttpMethods = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];
    private static readonly string[] HttpProperties =
        ["name", "method", "path", "body", "form", "text", "contentType", "headers", "type", "expect", "capture", "check", "failOnCheck", "thinkTime", "followRedirects"];
    private static readonly string[] BodyProperties = ["body", "form", "text"];
    private static readonly string[] RequestTypes = ["read", "write", "sync"];

    /// <summary>The scenario's <c>"cookies"</c>: whether its HTTP steps use the VU's cookie jar.</summary>
    public bool Cookies { get; init; } = true;

    /// <summary>The scenario's <c>"followRedirects"</c>, which a step's own overrides.</summary>
    public int FollowRedirects { get; init; } = HttpStepDefinition.DefaultFollowRedirects;

    /// <summary>The scenario's <c>"httpVersion"</c> (else the run's): the version its HTTP steps speak.</summary>
    public HttpProtocolVersion HttpVersion { get; init; } = HttpProtocolVersion.Http11;

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

    private readonly HashSet<string> _variables = new(BuiltInVariables.Names.Concat(inherited), StringComparer.Ordinal);

    /// <summary>The variables captured so far, beyond the built-in ones: what later steps (or scenarios) may use.</summary>
    public IEnumerable<string> Captured => _variables.Except(BuiltInVariables.Names);

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
        var bodies = BodyProperties.Where(p => node.Property(p) is not null).ToList();
        if (bodies.Count > 1)
        {
            throw node.RequiredProperty(bodies[1]).NameError($"{node.What} has both '{bodies[0]}' and '{bodies[1]}'; a request has one body");
        }

        var contentType = node.Property("contentType");
        if (contentType is not null && node.Property("text") is null)
        {
            throw contentType.Value.NameError($"'contentType' of {node.What} goes with 'text' ('body' is JSON, 'form' is URL-encoded)");
        }

        var step = new HttpStepDefinition
        {
            Name = node.Property("name")?.GetNonEmptyString() ?? $"{method} {path}",
            Method = method,
            Path = path,
            Body = node.Property("body") is { } body ? CheckBody(body) : null,
            Form = node.Property("form") is { } form ? ReadForm(form) : null,
            Text = node.Property("text") is { } text ? CheckTemplate(text, nonEmpty: false) : null,
            ContentType = contentType is { } written ? ReadContentType(written) : "text/plain; charset=utf-8",
            Headers = WithDefaults(node.Property("headers") is { } headers ? ReadHeaders(headers) : new Dictionary<string, TemplateString>(StringComparer.OrdinalIgnoreCase)),
            Type = node.Property("type") is { } type ? ReadRequestType(type) : DefaultRequestType(method),
            Expect = node.Property("expect") is { } expect ? ReadExpect(expect) : [],
            Capture = node.Property("capture") is { } capture ? ReadCapture(capture) : new Dictionary<string, string>(),
            Check = node.Property("check") is { } check ? ReadCheck(check) : new Dictionary<string, string>(),
            FailOnCheck = node.Property("failOnCheck")?.GetBoolean() ?? false,
            ThinkTime = node.Property("thinkTime")?.GetDuration() ?? TimeSpan.Zero,
            FollowRedirects = node.Property("followRedirects") is { } follow ? ReadFollowRedirects(follow) : FollowRedirects,
            Cookies = Cookies,
            HttpVersion = HttpVersion,
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
        // "//host/x" is a network-path reference: resolved against baseUrl it would name another server.
        return path.StartsWith('/') && !path.StartsWith("//", StringComparison.Ordinal)
            ? path
            : throw node.Error($"{node.What} must start with a single '/' (it is appended to baseUrl), not '{path}'");
    }

    private Dictionary<string, TemplateString> ReadHeaders(ConfigNode node)
    {
        var headers = new Dictionary<string, TemplateString>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in node.Properties())
        {
            var text = CheckHeader(name, value);
            if (!headers.TryAdd(name, EnvironmentExpander.Expand(value, text, environment)))
            {
                throw value.Error($"header '{name}' is given twice (header names ignore case)");
            }
        }
        return headers;
    }

    // A header a request could not carry is refused where it is written; returns the value as written.
    private string CheckHeader(string name, ConfigNode value)
    {
        if (!RequestRules.IsHeaderName(name))
        {
            throw value.NameError($"'{name}' is not a valid header name: use letters, digits and !#$%&'*+-.^_`|~ without spaces");
        }
        // Variables are checked on the text as written, so their positions are the ones in the file.
        var text = CheckTemplate(value, nonEmpty: false);
        if (RequestRules.UnsendableHeaderCharacter(text) is var bad and >= 0)
        {
            throw value.ErrorAt(bad, $"the value of header '{name}' contains {RequestRules.DescribeCharacter(text, bad)}, which a header cannot carry");
        }
        return text;
    }

    private static string ReadContentType(ConfigNode node)
    {
        var text = node.GetNonEmptyString();
        return RequestRules.UnsendableHeaderCharacter(text) is var bad and >= 0
            ? throw node.ErrorAt(bad, $"'contentType' contains {RequestRules.DescribeCharacter(text, bad)}, which a header cannot carry")
            : text;
    }

    private Dictionary<string, TemplateString> WithDefaults(Dictionary<string, TemplateString> headers)
    {
        foreach (var (name, value) in defaultHeaders?.Properties() ?? [])
        {
            var text = value.GetString();
            if (!headers.ContainsKey(name) && TemplateString.Parse(text).Variables.All(v => UnknownReference(v, scope) is null))
            {
                headers[name] = EnvironmentExpander.Expand(value, text, environment);
            }
        }
        return headers;
    }

    /// <summary>
    /// After the last step: a default header whose variable no step captures would silently never be sent, so it
    /// is an error at the variable, like an unknown variable in a step. Names and values follow the rules of a
    /// step's headers.
    /// </summary>
    public void CheckDefaultHeaders()
    {
        foreach (var (name, value) in defaultHeaders?.Properties() ?? [])
        {
            CheckHeader(name, value);
        }
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

            if (BuiltInVariables.Names.Contains(name) || name == BuiltInVariables.RandInt)
            {
                throw pathNode.NameError($"capture variable '{name}' would hide the built-in {{{name}}}; choose another name");
            }

            capture.Add(name, CheckJsonPath(pathNode, pathNode.GetString()));
        }
        return capture;
    }

    // JSON path to the expected value: a template, or a number or boolean compared as its JSON text (as captured).
    private Dictionary<string, string> ReadCheck(ConfigNode node)
    {
        var check = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (path, expected) in node.Properties())
        {
            var text = expected.Kind is JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False
                ? expected.Node!.ToJsonString()
                : CheckTemplate(expected, nonEmpty: false);
            check.Add(CheckJsonPath(expected, path, atName: true), text);
        }
        return check;
    }

    private List<KeyValuePair<string, string>> ReadForm(ConfigNode node) =>
        [.. node.Properties().Select(field => KeyValuePair.Create(field.Name, CheckTemplate(field.Value, nonEmpty: false)))];

    private static string CheckJsonPath(ConfigNode node, string path, bool atName = false)
    {
        try
        {
            JsonPath.Compile(path);
            return path;
        }
        catch (FormatException e)
        {
            throw atName ? node.NameError(e.Message) : node.Error(e.Message);
        }
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
        foreach (var segment in TemplateString.Parse(text).Segments.Where(s => s.IsVariable))
        {
            if (UnknownReference(segment.Text, node.What) is { } problem)
            {
                throw node.ErrorAt(segment.Start, problem);
            }
        }
        return text;
    }

    // Why a {reference} cannot be resolved, or null when it can.
    private string? UnknownReference(string reference, string where)
    {
        var dot = reference.IndexOf('.');
        if (dot > 0)
        {
            var (feedName, column) = (reference[..dot], reference[(dot + 1)..]);
            var feed = feeds.FirstOrDefault(f => f.Name == feedName);
            if (feed is null)
            {
                return $"unknown feeder '{feedName}' in '{{{reference}}}' in {where}{NameSuggester.Hint(feedName, feeds.Select(f => f.Name))}; " +
                    (feeds.Count == 0 ? "declare it under \"data\"" : $"\"data\" declares {string.Join(", ", feeds.Select(f => f.Name))}");
            }

            return feed.Columns.Contains(column)
                ? null
                : $"unknown column '{column}' of feeder '{feedName}' in {where}{NameSuggester.Hint(column, feed.Columns)}; {feed.File} has {string.Join(", ", feed.Columns)}";
        }

        if (reference.Contains(':'))
        {
            return !BuiltInVariables.TryParseRandInt(reference, out var minimum, out var maximum)
                ? $"unknown variable '{{{reference}}}' in {where}: the only variable with a range is {{{BuiltInVariables.RandInt}:MIN-MAX}}"
                : minimum > maximum ? $"'{{{reference}}}' in {where} has its lower bound above its upper bound" : null;
        }

        return _variables.Contains(reference)
            ? null
            : $"unknown variable '{{{reference}}}' in {where}{NameSuggester.Hint(reference, _variables)}: capture it in an earlier step of {scope} " +
              $"(known here: {string.Join(", ", _variables.Order(StringComparer.Ordinal).Select(v => $"{{{v}}}"))}, {{{BuiltInVariables.RandInt}:MIN-MAX}})";
    }

    /// <summary>How many redirects a step may follow: 0 (the 3xx is the answer) up to <see cref="HttpStepDefinition.MaxFollowRedirects"/>.</summary>
    public static int ReadFollowRedirects(ConfigNode node) => node.GetInt32(0, HttpStepDefinition.MaxFollowRedirects);
}
