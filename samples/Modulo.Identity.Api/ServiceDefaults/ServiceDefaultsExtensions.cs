using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Modulo.Identity.Api.ServiceDefaults;

/// <summary>
/// What the .NET Aspire template's ServiceDefaults project gives a service, cut to the part a gate meets: health
/// checks, mapped only in Development as the template does (exposing them elsewhere is left to a deliberate choice).
/// </summary>
public static class ServiceDefaultsExtensions
{
    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddHealthChecks().AddCheck("self", () => HealthCheckResult.Healthy(), ["live"]);
        return builder;
    }

    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        if (app.Environment.IsDevelopment())
        {
            app.MapHealthChecks("/health");
            app.MapHealthChecks("/alive", new() { Predicate = check => check.Tags.Contains("live") });
        }
        return app;
    }
}
