using System.Globalization;
using System.Net;
using Modulo.Perf.Engine.Http;
using Modulo.Perf.Engine.Scenarios;

namespace Modulo.Perf.Engine.Steps;

/// <summary>
/// One simulated user: its own connection(s), its captured variables, its feeder rows, and its place in the
/// round-robin over the selected scenarios. Only one iteration runs on a VU at a time, so nothing here needs locking.
/// </summary>
/// <param name="id">0-based; -1 for the user that runs the run's own setup and teardown (<c>{vu}</c> 0).</param>
/// <param name="createTransport">Makes the VU's connection for an HTTP version, the first time a step speaks it.</param>
internal sealed class VirtualUser(int id, Func<HttpProtocolVersion, IHttpTransport> createTransport, int stepCount, RunVariables run) : IAsyncDisposable
{
    // One per HTTP version, made on first use: a VU whose scenarios all speak 1.1 holds one connection, as before.
    private readonly IHttpTransport?[] _transports = new IHttpTransport?[Enum.GetValues<HttpProtocolVersion>().Length];

    private long _pendingIntendedStart;
    private int _scenarioCursor = id;
    private readonly string[]?[] _rows = new string[]?[run.Feeds.Length];
    private readonly HashSet<int> _scenariosSetUp = [];

    public int Id { get; } = id;
    /// <summary>The VU's transport for <paramref name="version"/>.</summary>
    public IHttpTransport Http(HttpProtocolVersion version) => _transports[(int)version] ??= createTransport(version);

    /// <summary>
    /// The VU's cookies, kept as a browser keeps them (domain, path, expiry, Secure), so every VU has its own
    /// session with a cookie-authenticated app. Empty until a response sets one.
    /// </summary>
    public CookieContainer Cookies { get; private set; } = new();

    /// <summary>Values captured from responses (<c>capture</c>), read by <c>{name}</c> placeholders.</summary>
    public Dictionary<string, string> Variables { get; } = new(StringComparer.Ordinal);

    /// <summary>The variables whose value was captured as a JSON number or boolean (a typed body value sends them bare).</summary>
    public HashSet<string> JsonLiterals { get; } = new(StringComparer.Ordinal);

    /// <summary>The VU's iteration number from 1, exposed as <c>{seq}</c> (and, from 0, as <c>{iter}</c>).</summary>
    public long Sequence { get; private set; }

    /// <summary>Iterations begun in this run: <see cref="Sequence"/> less those of the warm-up it continues.</summary>
    public long IterationsInRun { get; private set; }

    /// <summary>
    /// Seeded by the VU's number, so its scenario picks, random rows and <c>{randInt}</c> values repeat run after run.
    /// </summary>
    public Random Random { get; } = new(unchecked((id + 2) * 7919));

    /// <summary>What went wrong in the last failed request or capture, for setup errors; set by the step runners.</summary>
    public string? LastFailure { get; set; }

    /// <summary>Requests of constant steps, encoded once for this VU's transport; indexed by step.</summary>
    public PreparedRequest?[] PreparedRequests { get; } = new PreparedRequest?[stepCount];

    /// <summary>Per-VU state of other protocols (the WebSocket session), keyed by the component that owns it.</summary>
    public Dictionary<object, IAsyncDisposable> Sessions { get; } = new();

    /// <summary>Picks the scenario for the next iteration: VU n starts at scenario n and moves on by one each iteration.</summary>
    public int NextScenario(int scenarioCount) => _scenarioCursor++ % scenarioCount;

    public void BeginIteration(long intendedStart)
    {
        Sequence++;
        IterationsInRun++;
        _pendingIntendedStart = intendedStart;
    }

    /// <summary>
    /// The instant the next request should be timed from: the iteration's intended start for its first request
    /// (so an iteration that started late shows that lateness), the actual send time for the rest.
    /// </summary>
    public long TakeIntendedStart(long actualStart)
    {
        var intended = _pendingIntendedStart;
        _pendingIntendedStart = 0;
        return intended == 0 || intended > actualStart ? actualStart : intended;
    }

    /// <summary>Lets the sessions that live for one iteration only (<see cref="IIterationScoped"/>) end with it.</summary>
    public ValueTask EndIterationAsync() =>
        // Most VUs hold no session at all: skip the async method and the dictionary's enumerator on every iteration.
        Sessions.Count == 0 ? ValueTask.CompletedTask : EndSessionIterationsAsync();

    private async ValueTask EndSessionIterationsAsync()
    {
        foreach (var session in Sessions.Values)
        {
            if (session is IIterationScoped scoped)
            {
                await scoped.EndIterationAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>Gives this iteration a row of every feeder in <paramref name="feeds"/>; the exhausted one's index, or -1.</summary>
    public int TakeRows(int[] feeds)
    {
        foreach (var feed in feeds)
        {
            if (!run.Feeds[feed].TryTake(Random, out var row))
            {
                return feed;
            }

            _rows[feed] = row;
        }
        return -1;
    }

    /// <summary>
    /// Takes over what the same VU of the warm-up set up: its scenario setups, captures, cookies and iteration count,
    /// so the measured load neither logs it in again nor repeats a <c>{iter}</c> the warm-up already used.
    /// Connections and WebSocket sessions are the warm-up's own and closed with it.
    /// </summary>
    public void ContinueFrom(VirtualUser warmedUp)
    {
        _scenariosSetUp.UnionWith(warmedUp._scenariosSetUp);
        foreach (var (name, value) in warmedUp.Variables)
        {
            Variables[name] = value;
        }
        JsonLiterals.UnionWith(warmedUp.JsonLiterals);
        Cookies = warmedUp.Cookies;
        Sequence = warmedUp.Sequence;
    }

    /// <summary>True once this VU's setup of the scenario has succeeded.</summary>
    public bool HasSetUp(int scenario) => _scenariosSetUp.Contains(scenario);

    public void MarkSetUp(int scenario) => _scenariosSetUp.Add(scenario);

    /// <summary>The value of a <c>{reference}</c>: a capture, a built-in variable, a feeder column or the run setup's capture.</summary>
    public string? Lookup(string name)
    {
        if (Variables.TryGetValue(name, out var captured))
        {
            return captured;
        }

        switch (name)
        {
            case BuiltInVariables.Sequence:
                return Sequence.ToString(CultureInfo.InvariantCulture);
            case BuiltInVariables.Iteration:
                return (Sequence - 1).ToString(CultureInfo.InvariantCulture);
            case BuiltInVariables.VirtualUser:
                return (Id + 1).ToString(CultureInfo.InvariantCulture);
            case BuiltInVariables.Run:
                return run.RunId;
            case BuiltInVariables.Uuid:
                return Guid.NewGuid().ToString();
            case BuiltInVariables.Now:
                return DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
            case BuiltInVariables.UnixMs:
                return DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        }

        if (run.TryGetColumn(name, out var column))
        {
            return _rows[column.Feed]?[column.Column];
        }

        return BuiltInVariables.TryParseRandInt(name, out var minimum, out var maximum)
            ? Random.NextInt64(minimum, (long)maximum + 1).ToString(CultureInfo.InvariantCulture)
            : run.Shared.GetValueOrDefault(name);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var session in Sessions.Values)
        {
            await session.DisposeAsync().ConfigureAwait(false);
        }
        foreach (var transport in _transports)
        {
            if (transport is not null)
            {
                await transport.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
