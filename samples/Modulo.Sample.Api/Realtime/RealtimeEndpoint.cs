using Modulo.Sample.Api.Faults;

namespace Modulo.Sample.Api.Realtime;

/// <summary>The WebSocket hub at <c>/ws</c>.</summary>
public static class RealtimeEndpoint
{
    public const string Route = "/ws";

    public static void MapRealtimeEndpoint(this IEndpointRouteBuilder app) => app.MapGet(Route, HandleAsync);

    private static async Task HandleAsync(HttpContext context, RealtimeHub hub, FaultPlan faults, IHostApplicationLifetime lifetime)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsJsonAsync(new { error = "this endpoint accepts WebSocket connections only" });
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
        var session = new ClientSession(socket, hub, faults.EffectFor(HttpMethods.Get, Route));
        await session.RunAsync(stop.Token);
    }
}
