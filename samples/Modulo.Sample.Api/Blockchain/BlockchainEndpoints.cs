namespace Modulo.Sample.Api.Blockchain;

/// <summary>The simulated blockchain sync API.</summary>
public static class BlockchainEndpoints
{
    public static void MapBlockchainEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/blockchain/sync/status", (ChainSimulator chain) => chain.Status());
        app.MapGet("/api/blockchain/metrics", (ChainSimulator chain) => chain.Metrics());
        app.MapGet("/api/blockchain/blocks/latest", (ChainSimulator chain) => chain.Latest);
        app.MapPost("/api/blockchain/sync/trigger", (ChainSimulator chain) => Results.Accepted(value: chain.Trigger()));
    }
}
