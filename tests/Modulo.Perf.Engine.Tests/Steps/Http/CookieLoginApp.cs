using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Modulo.Perf.Engine.Tests.Infrastructure;

namespace Modulo.Perf.Engine.Tests.Steps.Http;

/// <summary>
/// A cookie-authenticated app as ASP.NET Core builds one: <c>POST /login</c> signs a new user in (a session of its
/// own) unless the request already carries a session cookie, and redirects to <c>/me</c>, which answers only to a
/// signed-in user (401 otherwise). It counts the sessions it opened and the requests each one made.
/// </summary>
public sealed class CookieLoginApp : IAsyncDisposable
{
    private LoopbackServer _server = null!;

    public ConcurrentDictionary<string, int> VisitsBySession { get; } = new();
    public int SessionsOpened => _sessionsOpened;
    private int _sessionsOpened;

    public Uri BaseUrl => _server.BaseUrl;

    public static async Task<CookieLoginApp> StartAsync()
    {
        var app = new CookieLoginApp();
        app._server = await LoopbackServer.StartAsync(app.Map, builder =>
        {
            builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie(options =>
                // An API answers 401; the default would redirect to a login page.
                options.Events.OnRedirectToLogin = context =>
                {
                    context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                    return Task.CompletedTask;
                });
            builder.Services.AddAuthorization();
        });
        return app;
    }

    private void Map(WebApplication app)
    {
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapPost("/login", async (HttpContext context) =>
        {
            if (context.User.Identity?.IsAuthenticated != true)
            {
                Interlocked.Increment(ref _sessionsOpened);
                var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, Guid.NewGuid().ToString("N"))], CookieAuthenticationDefaults.AuthenticationScheme);
                await context.SignInAsync(new ClaimsPrincipal(identity));
            }
            return Results.Redirect("/me");
        });
        app.MapGet("/me", (ClaimsPrincipal user) =>
        {
            VisitsBySession.AddOrUpdate(user.Identity!.Name!, 1, (_, visits) => visits + 1);
            return Results.Ok(new { id = user.Identity.Name });
        }).RequireAuthorization();
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
