using Modulo.Sample.Api.Blockchain;
using Modulo.Sample.Api.Faults;
using Modulo.Sample.Api.Health;
using Modulo.Sample.Api.Notes;
using Modulo.Sample.Api.Realtime;

namespace Modulo.Sample.Api;

/// <summary>Builds the sample: services, pipeline, endpoints, and a ready database.</summary>
public static class SampleApp
{
    /// <summary>Where the sample listens when neither <c>--urls</c>, <c>ASPNETCORE_URLS</c> nor Kestrel endpoints say otherwise.</summary>
    public const string DefaultUrl = "http://127.0.0.1:5000";

    /// <exception cref="FaultsConfigurationException">The <c>Faults</c> setting is malformed or names an unknown route.</exception>
    public static async Task<WebApplication> BuildAsync(string[] args)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        var faults = FaultPlan.Parse(builder.Configuration["Faults"]);

        if (!HasConfiguredAddress(builder.Configuration))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        // Per-request logs would make a load test measure the console; startup and errors still show.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(faults);
        builder.Services.AddSingleton(services => new NoteStore(
            NoteStore.ResolvePath(builder.Configuration, builder.Environment.ContentRootPath),
            services.GetRequiredService<TimeProvider>()));
        builder.Services.AddSingleton<ChainSimulator>();
        builder.Services.AddSingleton<RealtimeHub>();
        builder.Services.AddHostedService<BlockProducer>();
        builder.Services.AddHostedService<HeartbeatService>();

        var app = builder.Build();
        app.UseWebSockets();
        app.UseRouting();
        app.UseMiddleware<FaultInjectionMiddleware>();

        app.MapHealthEndpoint();
        app.MapNoteEndpoints();
        app.MapBlockchainEndpoints();
        app.MapRealtimeEndpoint();

        faults.EnsureRoutesExist(RouteTemplates(app));
        await app.Services.GetRequiredService<NoteStore>().InitializeAsync(CancellationToken.None);
        return app;
    }

    private static bool HasConfiguredAddress(IConfiguration configuration) =>
        !string.IsNullOrEmpty(configuration[WebHostDefaults.ServerUrlsKey])
        || !string.IsNullOrEmpty(configuration[WebHostDefaults.HttpPortsKey])
        || !string.IsNullOrEmpty(configuration[WebHostDefaults.HttpsPortsKey])
        || configuration.GetSection("Kestrel:Endpoints").Exists();

    private static List<string> RouteTemplates(IEndpointRouteBuilder app) =>
        app.DataSources
            .SelectMany(source => source.Endpoints)
            .OfType<RouteEndpoint>()
            .Select(endpoint => endpoint.RoutePattern.RawText)
            .OfType<string>()
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();
}
