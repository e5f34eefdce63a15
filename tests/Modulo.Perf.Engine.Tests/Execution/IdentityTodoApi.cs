using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Modulo.Identity.Api.Todos;
using Modulo.Perf.Engine.Tests.Infrastructure;

namespace Modulo.Perf.Engine.Tests.Execution;

/// <summary>
/// An API as a .NET team writes one today: the walkthrough's sample (samples/Modulo.Identity.Api), ASP.NET Core
/// Identity's MapIdentityApi (register, bearer-token login, unique e-mail addresses) on EF Core SQLite and a per-user
/// todo CRUD behind RequireAuthorization, hosted here on loopback with a database file of the test's own.
/// </summary>
internal static class IdentityTodoApi
{
    public static Task<LoopbackServer> StartAsync(string databasePath) => LoopbackServer.StartAsync(
        app =>
        {
            TodoDb.Prepare(app.Services);
            app.UseAuthentication();
            app.UseAuthorization();
            app.MapIdentityApi<IdentityUser>();
            app.MapTodos();
        },
        configure: builder =>
        {
            builder.Services.AddDbContext<TodoDb>(options => TodoDb.Configure(options, $"Data Source={databasePath};Default Timeout=30"));
            builder.Services.AddAuthorization();
            builder.Services.AddIdentityApiEndpoints<IdentityUser>().AddEntityFrameworkStores<TodoDb>();
        });
}
