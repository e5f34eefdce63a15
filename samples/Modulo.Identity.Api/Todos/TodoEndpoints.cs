using System.Security.Claims;
using Microsoft.EntityFrameworkCore;

namespace Modulo.Identity.Api.Todos;

/// <summary>/api/todos: create, list (newest 20), get and delete the signed-in user's todos.</summary>
public static class TodoEndpoints
{
    public static void MapTodos(this WebApplication app)
    {
        var todos = app.MapGroup("/api/todos").RequireAuthorization();
        todos.MapPost("/", async (TodoInput input, ClaimsPrincipal user, TodoDb db) =>
        {
            if (string.IsNullOrWhiteSpace(input.Title))
            {
                return Results.ValidationProblem(new Dictionary<string, string[]> { ["title"] = ["A title is required."] });
            }
            var todo = new Todo { Owner = Owner(user), Title = input.Title };
            db.Todos.Add(todo);
            await db.SaveChangesAsync();
            return Results.Created($"/api/todos/{todo.Id}", todo);
        });
        todos.MapGet("/", async (ClaimsPrincipal user, TodoDb db) =>
            Results.Ok(await db.Todos.Where(t => t.Owner == Owner(user)).OrderByDescending(t => t.Id).Take(20).ToListAsync()));
        todos.MapGet("/{id:int}", async (int id, ClaimsPrincipal user, TodoDb db) =>
            await db.Todos.SingleOrDefaultAsync(t => t.Id == id && t.Owner == Owner(user)) is { } todo ? Results.Ok(todo) : Results.NotFound());
        todos.MapDelete("/{id:int}", async (int id, ClaimsPrincipal user, TodoDb db) =>
            await db.Todos.Where(t => t.Id == id && t.Owner == Owner(user)).ExecuteDeleteAsync() == 1 ? Results.NoContent() : Results.NotFound());
    }

    private static string Owner(ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.NameIdentifier)!;
}
