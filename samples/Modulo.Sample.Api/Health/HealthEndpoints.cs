using Modulo.Sample.Api.Notes;

namespace Modulo.Sample.Api.Health;

/// <summary><c>GET /health</c>: healthy once the notes database answers a query.</summary>
public static class HealthEndpoints
{
    public static void MapHealthEndpoint(this IEndpointRouteBuilder app) =>
        app.MapGet("/health", async (NoteStore store, CancellationToken cancellationToken) =>
            await store.IsReadyAsync(cancellationToken)
                ? Results.Ok(new HealthReport("healthy"))
                : Results.Json(new HealthReport("unhealthy"), statusCode: StatusCodes.Status503ServiceUnavailable));
}
