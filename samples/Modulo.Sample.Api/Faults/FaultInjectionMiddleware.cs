namespace Modulo.Sample.Api.Faults;

/// <summary>
/// Applies the <see cref="FaultPlan"/> to requests by the route template of the endpoint routing matched, so
/// <c>/api/notes/{id}</c> covers every id without matching raw paths. Runs after routing, before the endpoint.
/// </summary>
public sealed class FaultInjectionMiddleware(RequestDelegate next, FaultPlan plan)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (plan.Rules.Count == 0 || context.GetEndpoint() is not RouteEndpoint { RoutePattern.RawText: { } route })
        {
            await next(context);
            return;
        }

        var effect = plan.EffectFor(context.Request.Method, route);
        ResourceWaste.Allocate(effect.AllocationBytes);
        ResourceWaste.Spin(effect.Spin);

        // A WebSocket handshake is not delayed: the hub applies the latency to each pong instead.
        var latency = context.WebSockets.IsWebSocketRequest ? TimeSpan.Zero : effect.NextLatency();
        if (latency > TimeSpan.Zero)
        {
            await Task.Delay(latency);
        }

        if (effect.NextIsError())
        {
            await Results.Problem(title: "Injected fault", detail: $"Faults rule for {route}", statusCode: StatusCodes.Status500InternalServerError)
                .ExecuteAsync(context);
            return;
        }

        await next(context);
    }
}
