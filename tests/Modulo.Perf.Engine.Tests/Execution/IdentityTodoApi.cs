using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Modulo.Perf.Engine.Tests.Infrastructure;

namespace Modulo.Perf.Engine.Tests.Execution;

/// <summary>
/// An API as a .NET team writes one today: ASP.NET Core Identity's MapIdentityApi (register, bearer-token login,
/// unique e-mail addresses) on EF Core SQLite, and a per-user todo CRUD behind RequireAuthorization.
/// </summary>
internal static class IdentityTodoApi
{
    public static Task<LoopbackServer> StartAsync(string databasePath) => LoopbackServer.StartAsync(
        app =>
        {
            using (var scope = app.Services.CreateScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<TodoDb>();
                db.Database.EnsureCreated();
                // Write-ahead logging lets readers go on while one VU writes, as a production SQLite setup would.
                db.Database.ExecuteSqlRaw("PRAGMA journal_mode=WAL;");
            }
            app.UseAuthentication();
            app.UseAuthorization();
            app.MapIdentityApi<IdentityUser>();
            var todos = app.MapGroup("/api/todos").RequireAuthorization();
            todos.MapPost("/", async (TodoInput input, ClaimsPrincipal user, TodoDb db) =>
            {
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
        },
        configure: builder =>
        {
            builder.Services.AddDbContext<TodoDb>(options => options.UseSqlite($"Data Source={databasePath};Default Timeout=30"));
            builder.Services.AddAuthorization();
            builder.Services.AddIdentityApiEndpoints<IdentityUser>().AddEntityFrameworkStores<TodoDb>();
        });

    private static string Owner(ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.NameIdentifier)!;

    internal sealed class TodoDb(DbContextOptions<TodoDb> options) : IdentityDbContext<IdentityUser>(options)
    {
        public DbSet<Todo> Todos => Set<Todo>();
    }

    internal sealed class Todo
    {
        public int Id { get; set; }
        public required string Owner { get; set; }
        public required string Title { get; set; }
    }

    internal sealed record TodoInput(string Title);
}
