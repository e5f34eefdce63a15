using System.Text.Json.Nodes;
using Modulo.Perf.Engine.SourceText;

namespace Modulo.Perf.Engine.Scenarios;

/// <summary>
/// The suites that test the Modulo API without any scenario written by the user. Ids always come from
/// notes the suite itself created, never from a hard-coded id, so the suites run against an empty database.
/// </summary>
public static class BuiltInSuites
{
    public const string Crud = "crud";
    public const string Sync = "sync";
    public const string WebSocket = "websocket";

    public static IReadOnlyList<string> Names { get; } = [Crud, Sync, WebSocket];

    /// <summary>The suites' names in baselines and comparison reports (docs/baselines.md).</summary>
    public static string ReportName(string suite) => suite switch
    {
        Crud => "crud-operations",
        Sync => "sync-operations",
        WebSocket => "websocket-operations",
        _ => suite,
    };

    public static ScenarioDefinition Get(string name, string webSocketPath) => name switch
    {
        Crud => CrudSuite(),
        Sync => SyncSuite(),
        WebSocket => WebSocketSuite.Create(webSocketPath),
        _ => throw new ConfigurationException($"Unknown suite '{name}'; the built-in suites are {string.Join(", ", Names)}."),
    };

    private static ScenarioDefinition CrudSuite() => new()
    {
        Name = Crud,
        Steps =
        [
            Http("create note", "POST", "/api/notes", RequestType.Write, 201,
                body: new JsonObject { ["title"] = "perf note {seq}", ["content"] = "written by modulo-perf" },
                capture: new Dictionary<string, string> { ["id"] = "$.id" }),
            Http("list notes", "GET", "/api/notes?limit=20", RequestType.Read, 200),
            Http("read note", "GET", "/api/notes/{id}", RequestType.Read, 200),
            Http("update note", "PUT", "/api/notes/{id}", RequestType.Write, 200,
                body: new JsonObject { ["title"] = "perf note {seq} (edited)", ["content"] = "updated by modulo-perf" }),
            Http("delete note", "DELETE", "/api/notes/{id}", RequestType.Write, 204),
        ],
    };

    private static ScenarioDefinition SyncSuite() => new()
    {
        Name = Sync,
        Steps =
        [
            Http("sync status", "GET", "/api/blockchain/sync/status", RequestType.Sync, 200),
            Http("chain metrics", "GET", "/api/blockchain/metrics", RequestType.Sync, 200),
            Http("latest block", "GET", "/api/blockchain/blocks/latest", RequestType.Sync, 200),
            Http("trigger sync", "POST", "/api/blockchain/sync/trigger", RequestType.Sync, 202),
        ],
    };

    private static HttpStepDefinition Http(
        string name, string method, string path, RequestType type, int expect,
        JsonNode? body = null, IReadOnlyDictionary<string, string>? capture = null) => new()
        {
            Name = name,
            Method = method,
            Path = path,
            Type = type,
            Expect = [expect],
            Body = body,
            Capture = capture ?? new Dictionary<string, string>(),
        };
}
