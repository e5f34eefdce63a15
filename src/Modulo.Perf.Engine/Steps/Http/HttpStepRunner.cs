using System.Collections.Concurrent;
using System.Diagnostics;
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
    private readonly JsonBodyTemplate? _body;
    private readonly (string Variable, JsonPath Path)[] _captures;
    private readonly IReadOnlyList<int> _expect;
    private readonly bool _isConstant;
    private readonly MetricRegistry _registry;
    private readonly TagSet _tags;
    private readonly int _checks;
    private readonly ConcurrentDictionary<int, RequestSeries> _outcomes = new();

    public HttpStepRunner(int index, string scenario, HttpStepDefinition step, MetricRegistry registry)
    {
        _index = index;
        Name = step.Name;
        ThinkTime = step.ThinkTime;
        _method = step.Method;
        _path = TemplateString.Parse(step.Path);
        _headers = [.. step.Headers.Select(h => (h.Key, TemplateString.Parse(h.Value)))];
        _body = step.Body is null ? null : new JsonBodyTemplate(step.Body);
        _captures = [.. step.Capture.Select(c => (c.Key, JsonPath.Compile(c.Value)))];
        _expect = step.Expect;
        _isConstant = _path.IsConstant && (_body?.IsConstant ?? true) && _headers.All(h => h.Value.IsConstant);
        _registry = registry;
        _tags = new TagSet(new Dictionary<string, string>
        {
            ["scenario"] = scenario,
            ["name"] = step.Name,
            ["method"] = step.Method,
            ["type"] = step.Type.ToString().ToLowerInvariant(),
        });
        _checks = registry.Register(MetricCatalog.Checks, _tags).Id;
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
        var exchange = await vu.Http.SendAsync(request, hardStop).ConfigureAwait(false);
        var end = Stopwatch.GetTimestamp();

        var expected = exchange.Failure == HttpFailureCause.None && IsExpected(exchange.StatusCode);
        var series = SeriesFor(exchange.StatusCode, expected ? null : exchange.Failure);
        _registry.RecordTrend(series.Duration, Elapsed.Micros(intendedStart, end));
        _registry.RecordTrend(series.ServiceTime, Elapsed.Micros(actualStart, end));
        _registry.AddCounter(series.Requests, 1);
        _registry.AddRate(series.Failed, !expected);
        _registry.AddCounter(series.DataSent, exchange.BytesSent);
        _registry.AddCounter(series.DataReceived, exchange.BytesReceived);
        _registry.AddRate(_checks, expected);
        // A failed request ends the iteration only when later steps depend on what it should have captured.
        return _captures.Length == 0 || Capture(vu, exchange.Body.Span);
    }

    private PreparedRequest? Prepare(VirtualUser vu)
    {
        if (_isConstant)
        {
            return vu.PreparedRequests[_index] ??= vu.Http.Prepare(_method, _path.Render(vu.Lookup), RenderHeaders(vu), RenderBody(vu));
        }
        try
        {
            return vu.Http.Prepare(_method, _path.Render(vu.Lookup), RenderHeaders(vu), RenderBody(vu));
        }
        catch (Exception ex) when (ex is KeyNotFoundException or ArgumentException)
        {
            return null;
        }
    }

    private KeyValuePair<string, string>[] RenderHeaders(VirtualUser vu) =>
        [.. _headers.Select(h => new KeyValuePair<string, string>(h.Name, h.Value.Render(vu.Lookup)))];

    private ReadOnlyMemory<byte> RenderBody(VirtualUser vu) =>
        _body is null ? default : _body.Render(name => vu.Lookup(name) is { } value ? (value, vu.JsonLiterals.Contains(name)) : null);

    private bool IsExpected(int status) => _expect.Count == 0 ? status is >= 200 and < 400 : _expect.Contains(status);

    private bool Capture(VirtualUser vu, ReadOnlySpan<byte> body)
    {
        foreach (var (variable, path) in _captures)
        {
            var captured = path.TryRead(body, out var value, out var isJsonLiteral);
            _registry.AddRate(_checks, captured);
            if (!captured)
            {
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

    private RequestSeries SeriesFor(int status, HttpFailureCause? failure)
    {
        var key = status * 8 + (failure is { } f ? 1 + (int)f : 0);
        return _outcomes.TryGetValue(key, out var series) ? series : RegisterOutcome(key, status, failure);
    }

    // Kept apart from SeriesFor: a lambda capturing status and failure there would allocate its closure on every
    // call, including the cached path taken by all requests but the first of each outcome.
    private RequestSeries RegisterOutcome(int key, int status, HttpFailureCause? failure) =>
        _outcomes.GetOrAdd(key, _ => RequestSeries.Register(_registry, OutcomeTags(status, failure)));

    private TagSet OutcomeTags(int status, HttpFailureCause? failure)
    {
        var tags = _tags.With("status", status.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return failure is { } cause ? tags.With("cause", FailureCauses.Name(cause)) : tags;
    }
}
