namespace Modulo.Sample.Api.Realtime;

/// <summary>The topics a WebSocket client can subscribe to.</summary>
public static class Topics
{
    public const string Notes = "notes";
    public const string Blocks = "blocks";

    public static IReadOnlyList<string> All { get; } = [Notes, Blocks];
}
