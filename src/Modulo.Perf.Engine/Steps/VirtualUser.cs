using System.Globalization;
using Modulo.Perf.Engine.Http;
using Modulo.Perf.Engine.Scenarios;

namespace Modulo.Perf.Engine.Steps;

/// <summary>
/// One simulated user: its own connection(s), its captured variables, and its place in the round-robin over
/// the selected scenarios. Only one iteration runs on a VU at a time, so nothing here needs locking.
/// </summary>
internal sealed class VirtualUser(int id, IHttpTransport http, int stepCount) : IAsyncDisposable
{
    private long _pendingIntendedStart;
    private int _scenarioCursor = id;

    public int Id { get; } = id;
    public IHttpTransport Http { get; } = http;

    /// <summary>Values captured from responses (<c>capture</c>), read by <c>{name}</c> placeholders.</summary>
    public Dictionary<string, string> Variables { get; } = new(StringComparer.Ordinal);

    /// <summary>The VU's iteration number, exposed as <c>{seq}</c>.</summary>
    public long Sequence { get; private set; }

    /// <summary>Requests of constant steps, encoded once for this VU's transport; indexed by step.</summary>
    public PreparedRequest?[] PreparedRequests { get; } = new PreparedRequest?[stepCount];

    /// <summary>Per-VU state of other protocols (the WebSocket session), keyed by the component that owns it.</summary>
    public Dictionary<object, IAsyncDisposable> Sessions { get; } = new();

    /// <summary>Picks the scenario for the next iteration: VU n starts at scenario n and moves on by one each iteration.</summary>
    public int NextScenario(int scenarioCount) => _scenarioCursor++ % scenarioCount;

    public void BeginIteration(long intendedStart)
    {
        Sequence++;
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
    public async ValueTask EndIterationAsync()
    {
        foreach (var session in Sessions.Values)
        {
            if (session is IIterationScoped scoped)
            {
                await scoped.EndIterationAsync().ConfigureAwait(false);
            }
        }
    }

    public string? Lookup(string name) =>
        name switch
        {
            ScenarioDefinition.SequenceVariable => Sequence.ToString(CultureInfo.InvariantCulture),
            ScenarioDefinition.VuVariable => (Id + 1).ToString(CultureInfo.InvariantCulture),
            _ => Variables.GetValueOrDefault(name),
        };

    public async ValueTask DisposeAsync()
    {
        foreach (var session in Sessions.Values)
        {
            await session.DisposeAsync().ConfigureAwait(false);
        }
        await Http.DisposeAsync().ConfigureAwait(false);
    }
}
