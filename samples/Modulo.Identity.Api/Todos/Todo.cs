namespace Modulo.Identity.Api.Todos;

/// <summary>A todo item; every user sees only the ones they own.</summary>
public sealed class Todo
{
    public int Id { get; set; }
    public required string Owner { get; set; }
    public required string Title { get; set; }
}
