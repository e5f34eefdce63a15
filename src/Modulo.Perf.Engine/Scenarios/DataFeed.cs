using Modulo.Perf.Engine.SourceText;

namespace Modulo.Perf.Engine.Scenarios;

/// <summary>
/// A data feeder (<c>"data": { "users": { "file": "users.csv" } }</c>): the rows of one file, read once when the
/// config is loaded and shared read-only by every VU. Steps read the current iteration's row as <c>{users.email}</c>.
/// </summary>
public sealed class DataFeed
{
    public required string Name { get; init; }
    /// <summary>Full path of the file the rows came from.</summary>
    public required string File { get; init; }
    public required DataOrder Order { get; init; }
    public required IReadOnlyList<string> Columns { get; init; }
    /// <summary>Each row holds one value per column, in column order.</summary>
    public required IReadOnlyList<string[]> Rows { get; init; }
    public SourceLocation? Location { get; init; }
}
