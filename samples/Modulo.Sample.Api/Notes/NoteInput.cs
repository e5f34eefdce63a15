namespace Modulo.Sample.Api.Notes;

/// <summary>The body of POST and PUT <c>/api/notes</c>. Nullable so a missing title is reported as 400, not a binding failure.</summary>
public sealed record NoteInput(string? Title, string? Content);
