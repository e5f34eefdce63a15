namespace Modulo.Sample.Api.Notes;

/// <summary>A stored note, as the API returns it.</summary>
public sealed record Note(long Id, string Title, string Content, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);
