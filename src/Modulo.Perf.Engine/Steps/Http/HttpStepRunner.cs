using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Runtime.CompilerServices;
using Modulo.Perf.Engine.Http;
using Modulo.Perf.Engine.Metrics;
using Modulo.Perf.Engine.Scenarios;

namespace Modulo.Perf.Engine.Steps.Http;

/// <summary>
/// An HTTP step compiled for the hot path: templates parsed once, a constant request encoded once per VU,
/// and the series for each outcome resolved once. Per request it sends, times, and records; it allocates
/// only when the step has placeholders or captures (rendering and captured strings).
/// </summary>
internal sealed class HttpStepRunner : IStepRunner
{
    private readonly int _index;
    private readonly string _method;
    private readonly TemplateString _path;
    private readonly (string Name, TemplateString Value)[] _headers;
    private readonly RequestBody _body;
    private readonly (string Variable, JsonPath Path)[] _captures;
    private readonly (JsonPath Path, TemplateString Expected)[] _assertions;
    private readonly bool _failOnCheck;
    private readonly IReadOnlyList<int> _expect;
    private readonly bool _isConstant;
    private readonly Uri _baseUrl;
    private readonly int _followRedirects;
    private readonly bool _cookies;
    private readonly HttpProtocolVersion _httpVersion;
    private readonly MetricRegistry _registry;
    private readonly TagSet _tags;
    private readonly int _checks;
    private readonly int _retries;
    private readonly ConcurrentDictionary<int, RequestSeries> _outcomes = new();

    /// <param name="phase">"setup" or "teardown" for the run's and scenarios' setup steps (the <c>phase</c> tag), null for the load.</param>
    /// <param name="feedsSlo">False leaves out the <c>type</c> tag, so the request stays out of the slo_*_latency trends.</param>
    public HttpStepRunner(int index, string scenario, HttpStepDefinition step, StepTarget target, MetricRegistry registry, string? phase = null, bool feedsSlo = true)
    {
        _baseUrl = target.BaseUrl;
        _followRedirects = step.FollowRedirects;
        _cookies = step.Cookies;
        _httpVersion = step.HttpVersion;
        _index = index;
        Name = step.Name;
        ThinkTime = step.ThinkTime;
        _method = step.Method;
        _path = TemplateString.Parse(step.Path);
        _body = RequestBody.Compile(step);
        _headers = [.. step.Headers.Select(h => (h.Key, h.Value)), .. ContentTypeHeader(step, _body.ContentType)];
        _captures = [.. step.Capture.Select(c => (c.Key, JsonPath.Compile(c.Value)))];
        _assertions = [.. step.Check.Select(c => (JsonPath.Compile(c.Key), TemplateString.Parse(c.Value)))];
        _failOnCheck = step.FailOnCheck;
        _expect = step.Expect;
        _isConstant = _path.IsConstant && _body.IsConstant && _headers.All(h => h.Value.IsConstant);
        _registry = registry;
        var tags = new Dictionary<string, string>
        {
            ["scenario"] = scenario,
            ["name"] = step.Name,
            ["method"] = step.Method,
        };
        if (feedsSlo)
        {
            tags["type"] = step.Type.ToString().ToLowerInvariant();
        }
        if (phase is not null)
        {
            tags["phase"] = phase;
        }
        _tags = new TagSet(tags);
        _checks = registry.Register(MetricCatalog.Checks, _tags).Id;
        _retries = registry.Register(MetricCatalog.HttpReqRetries, _tags).Id;
    }

    public string Name { get; }
    public TimeSpan ThinkTime { get; }

    // Pooled: the state machine of an awaited request is reused instead of allocated per request.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<bool> RunAsync(VirtualUser vu, CancellationToken hardStop)
    {
        if (Prepare(vu) is not { } request)
        {
            // The request cannot be built: a placeholder has no value (an earlier capture failed) or a captured
            // value cannot go into a request (CR/LF in a header). Either way the check fails and the iteration ends.
            _registry.AddRate(_checks, false);
            return false;
        }
        var actualStart = Stopwatch.GetTimestamp();
        var intendedStart = vu.TakeIntendedStart(actualStart);
        var exchange = await vu.Http(_httpVersion).SendAsync(request, hardStop).ConfigureAwait(false);
        var end = Stopwatch.GetTimestamp();
        StoreCookies(vu, request, exchange);
        for (var hops = 0; hops < _followRedirects && FollowRedirect(vu, request, exchange) is { } next; hops++)
        {
            // Each hop is a request of its own, measured under the step's name; only the last answer is judged.
            Record(_registry.CurrentSink, SeriesFor(exchange.StatusCode, null, checkFailed: false), exchange, intendedStart, actualStart, end, failed: false);
            request = next;
            actualStart = intendedStart = Stopwatch.GetTimestamp();
            exchange = await vu.Http(_httpVersion).SendAsync(request, hardStop).ConfigureAwait(false);
            end = Stopwatch.GetTimestamp();
            StoreCookies(vu, request, exchange);
        }

        var expected = exchange.Failure == HttpFailureCause.None && IsExpected(exchange.StatusCode);
        var checksPassed = !expected || Check(vu, exchange.Body.Span);
        var checkFailure = expected && !checksPassed && _failOnCheck;
        expected &= !checkFailure;
        var sink = _registry.CurrentSink;
        Record(sink, SeriesFor(exchange.StatusCode, expected ? null : exchange.Failure, checkFailure), exchange, intendedStart, actualStart, end, !expected);
        sink.AddRate(_checks, expected);
        if (exchange.Retries > 0)
        {
            sink.AddCounter(_retries, exchange.Retries);
        }
        if (!expected)
        {
            vu.LastFailure = checkFailure
                ? $"{Name}: {_method} {PathOnly(request)} answered {exchange.StatusCode} but a check failed"
                : exchange.Failure == HttpFailureCause.None
                    ? $"{Name}: {_method} {PathOnly(request)} answered {exchange.StatusCode}"
                    : $"{Name}: {_method} {PathOnly(request)} failed ({FailureCauses.Name(exchange.Failure)})";
            if (_registry.FailureSamples.Wants(Name))
            {
                IEnumerable<KeyValuePair<string, string>> sent = RequestHeaders(vu, request.PathAndQuery);
                var received = (exchange.Headers.SetCookies ?? []).Select(c => new KeyValuePair<string, string>("Set-Cookie", c));
                var cause = checkFailure ? FailureCauses.Check : FailureCauses.Name(exchange.Failure);
                _registry.FailureSamples.Offer(Name, FailureSampler.Sample(request, exchange, cause, FailureSampler.Secrets(sent.Concat(received))));
            }
        }
        // A failed request ends the iteration only when later steps depend on what it should have captured.
        return _captures.Length == 0 || Capture(vu, exchange.Body.Span);
    }

    // Into the sink the caller looked up once for the whole response (seven series with the checks).
    private static void Record(ThreadSink sink, RequestSeries series, in HttpExchange exchange, long intendedStart, long actualStart, long end, bool failed)
    {
        sink.RecordTrend(series.Duration, Elapsed.Micros(intendedStart, end));
        sink.RecordTrend(series.ServiceTime, Elapsed.Micros(actualStart, end));
        sink.AddCounter(series.Requests, 1);
        sink.AddRate(series.Failed, failed);
        sink.AddCounter(series.DataSent, exchange.BytesSent);
        sink.AddCounter(series.DataReceived, exchange.BytesReceived);
    }

    private PreparedRequest? Prepare(VirtualUser vu)
    {
        // A constant request is encoded once per VU, as long as the VU has no cookies to add to it.
        if (_isConstant && !HasCookies(vu))
        {
            return vu.PreparedRequests[_index] ??= vu.Http(_httpVersion).Prepare(_method, _path.Render(vu.Lookup), RenderHeaders(vu), _body.Render(vu));
        }
        try
        {
            var path = _path.Render(vu.Lookup);
            return vu.Http(_httpVersion).Prepare(_method, path, RequestHeaders(vu, path), _body.Render(vu));
        }
        catch (Exception ex) when (ex is KeyNotFoundException or ArgumentException)
        {
            return null;
        }
    }

    private bool HasCookies(VirtualUser vu) => _cookies && vu.Cookies.Count > 0;

    /// <summary>The step's headers plus the VU's cookies for <paramref name="pathAndQuery"/>, joined to the step's own Cookie header if it has one.</summary>
    private KeyValuePair<string, string>[] RequestHeaders(VirtualUser vu, string pathAndQuery)
    {
        var headers = RenderHeaders(vu);
        if (!HasCookies(vu) || vu.Cookies.GetCookieHeader(RequestRules.ResolveTarget(_baseUrl, pathAndQuery)) is not { Length: > 0 } jar)
        {
            return headers;
        }
        var own = Array.FindIndex(headers, h => h.Key.Equals("Cookie", StringComparison.OrdinalIgnoreCase));
        if (own < 0)
        {
            return [.. headers, new("Cookie", jar)];
        }
        headers[own] = new(headers[own].Key, $"{headers[own].Value}; {jar}");
        return headers;
    }

    private void StoreCookies(VirtualUser vu, PreparedRequest request, in HttpExchange exchange)
    {
        if (!_cookies || exchange.Headers.SetCookies is not { } setCookies)
        {
            return;
        }
        var target = RequestRules.ResolveTarget(_baseUrl, request.PathAndQuery);
        foreach (var setCookie in setCookies)
        {
            try
            {
                vu.Cookies.SetCookies(target, setCookie);
            }
            catch (CookieException)
            {
                // A browser ignores a cookie it cannot parse or may not store (another domain); so does a VU.
            }
        }
    }

    /// <summary>
    /// The request a same-origin redirect asks for; null when the response is the step's answer, which includes a
    /// 3xx that the step's <c>expect</c> names: a step that expects 302 tests the redirect itself.
    /// </summary>
    private PreparedRequest? FollowRedirect(VirtualUser vu, PreparedRequest request, in HttpExchange exchange)
    {
        if (exchange.Failure != HttpFailureCause.None || exchange.Headers.Location is not { } location || _expect.Contains(exchange.StatusCode)
            || Redirect.From(exchange.StatusCode, location, request.Method, RequestRules.ResolveTarget(_baseUrl, request.PathAndQuery)) is not { } next)
        {
            return null;
        }
        try
        {
            var headers = RequestHeaders(vu, next.PathAndQuery);
            return next.KeepsBody
                ? vu.Http(_httpVersion).Prepare(next.Method, next.PathAndQuery, headers, _body.Render(vu))
                : vu.Http(_httpVersion).Prepare(next.Method, next.PathAndQuery, [.. headers.Where(h => !RequestRules.IsContentHeader(h.Key))], default);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    private KeyValuePair<string, string>[] RenderHeaders(VirtualUser vu) =>
        [.. _headers.Select(h => new KeyValuePair<string, string>(h.Name, h.Value.Render(vu.Lookup)))];

    // The body's own Content-Type unless the step's headers name one.
    private static IEnumerable<(string, TemplateString)> ContentTypeHeader(HttpStepDefinition step, string? contentType) =>
        contentType is null || step.Headers.ContainsKey("Content-Type") ? [] : [("Content-Type", TemplateString.Parse(contentType))];

    // The path as sent, without its query: query values may be tokens.
    private static string PathOnly(PreparedRequest request) => request.PathAndQuery.Split('?')[0];

    // Each check is one sample of checks{name:STEP}; true when all passed.
    private bool Check(VirtualUser vu, ReadOnlySpan<byte> body)
    {
        var allPassed = true;
        foreach (var (path, expected) in _assertions)
        {
            bool passed;
            try
            {
                passed = path.TryRead(body, out var actual) && actual == expected.Render(vu.Lookup);
            }
            catch (KeyNotFoundException)
            {
                passed = false;
            }
            _registry.AddRate(_checks, passed);
            allPassed &= passed;
        }
        return allPassed;
    }

    private bool IsExpected(int status) => _expect.Count == 0 ? status is >= 200 and < 400 : _expect.Contains(status);

    private bool Capture(VirtualUser vu, ReadOnlySpan<byte> body)
    {
        foreach (var (variable, path) in _captures)
        {
            var captured = path.TryRead(body, out var value, out var isJsonLiteral);
            _registry.AddRate(_checks, captured);
            if (!captured)
            {
                vu.LastFailure ??= $"{Name}: nothing to capture as '{variable}' at {path}";
                vu.Variables.Remove(variable);
                return false;
            }
            vu.Variables[variable] = value!;
            if (isJsonLiteral)
            {
                vu.JsonLiterals.Add(variable);
            }
            else
            {
                vu.JsonLiterals.Remove(variable);
            }
        }
        return true;
    }

    private RequestSeries SeriesFor(int status, HttpFailureCause? failure, bool checkFailed)
    {
        // Eight outcomes per status: success, a check that failed the request, or one of the transport's causes.
        var key = status * 8 + (checkFailed ? 7 : failure is { } f ? 1 + (int)f : 0);
        return _outcomes.TryGetValue(key, out var series) ? series : RegisterOutcome(key, status, failure, checkFailed);
    }

    // Kept apart from SeriesFor: a lambda capturing status and failure there would allocate its closure on every
    // call, including the cached path taken by all requests but the first of each outcome.
    private RequestSeries RegisterOutcome(int key, int status, HttpFailureCause? failure, bool checkFailed) =>
        _outcomes.GetOrAdd(key, _ => RequestSeries.Register(_registry, OutcomeTags(status, failure, checkFailed)));

    private TagSet OutcomeTags(int status, HttpFailureCause? failure, bool checkFailed)
    {
        var tags = _tags.With("status", status.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return checkFailed ? tags.With("cause", FailureCauses.Check)
            : failure is { } cause ? tags.With("cause", FailureCauses.Name(cause))
            : tags;
    }
}
