namespace Modulo.Perf.Engine.Tests.Architecture;

/// <summary>
/// The engine's folders from top to bottom: the one list docs/architecture.md points at. A folder may use only
/// folders below it; folders on one row are peers and use neither each other nor anything above them.
/// </summary>
public static class EngineLayers
{
    public static IReadOnlyList<string[]> TopToBottom { get; } =
    [
        ["Cli"],
        ["Gate"],
        ["Configuration"],
        ["Reporting"],
        ["Outcome"],
        ["Baselines"],
        ["Execution"],
        ["Steps"],
        ["Http", "WebSockets", "ServiceCounters"],
        ["Sockets"],
        ["Thresholds"],
        ["Scenarios"],
        ["Metrics"],
        ["SourceText"],
    ];

    public const string RootNamespace = "Modulo.Perf.Engine";

    public static string Namespace(string folder) => $"{RootNamespace}.{folder}";
}
