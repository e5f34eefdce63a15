using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;

namespace Modulo.Perf.Engine.Tests.Http;

/// <summary>A real Kestrel server on 127.0.0.1 with an OS-chosen port, stopped on dispose.</summary>
internal sealed class LoopbackKestrel : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LoopbackKestrel(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public static async Task<LoopbackKestrel> StartAsync(Action<WebApplication> mapEndpoints)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.Urls.Add("http://127.0.0.1:0");
        mapEndpoints(app);
        try
        {
            await app.StartAsync();
            return new LoopbackKestrel(app, new Uri(app.Urls.First()));
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
