using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Modulo.Identity.Api.Todos;

/// <summary>Identity's users and the todos in one SQLite database.</summary>
public sealed class TodoDb(DbContextOptions<TodoDb> options) : IdentityDbContext<IdentityUser>(options)
{
    public DbSet<Todo> Todos => Set<Todo>();

    /// <summary>The store: SQLite at <paramref name="connectionString"/>, with writers queueing inside SQLite (<see cref="SqliteBusyTimeout"/>).</summary>
    public static void Configure(DbContextOptionsBuilder options, string? connectionString) =>
        options.UseSqlite(connectionString).AddInterceptors(new SqliteBusyTimeout());

    /// <summary>Creates the database when missing (a sample has no migrations) and lets readers go on while one request writes.</summary>
    public static void Prepare(IServiceProvider services)
    {
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TodoDb>();
        db.Database.EnsureCreated();
        db.Database.ExecuteSqlRaw("PRAGMA journal_mode=WAL;");
    }
}
