namespace Modulo.Identity.Api.Todos;

/// <summary>The body of POST /api/todos.</summary>
public sealed record TodoInput(string? Title);
