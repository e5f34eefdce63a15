using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;

namespace Modulo.Perf.Engine.Tests.Infrastructure;

/// <summary>A real Kestrel server on 127.0.0.1 with a port chosen by the OS, stopped when disposed.</summary>
public sealed class LoopbackServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LoopbackServer(WebApplication app, Uri baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    public Uri BaseUrl { get; }

    /// <param name="configure">Services and options before the app is built (authentication, for instance).</param>
    /// <param name="certificate">Serve https with this certificate instead of http.</param>
    /// <param name="listen">Sets up the endpoint on 127.0.0.1 itself (protocols, https options) instead of <paramref name="certificate"/>.</param>
    public static async Task<LoopbackServer> StartAsync(
        Action<WebApplication> mapEndpoints, Action<WebApplicationBuilder>? configure = null, X509Certificate2? certificate = null,
        Action<ListenOptions>? listen = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        configure?.Invoke(builder);
        if (listen is not null)
        {
            builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen));
        }
        else if (certificate is null)
        {
            builder.WebHost.UseUrls("http://127.0.0.1:0");
        }
        else
        {
            builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, options => options.UseHttps(certificate)));
        }
        var app = builder.Build();
        app.UseWebSockets();
        mapEndpoints(app);
        try
        {
            await app.StartAsync();
            return new LoopbackServer(app, new Uri(app.Urls.First()));
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        using var stopTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        await _app.StopAsync(stopTimeout.Token);
        await _app.DisposeAsync();
    }
}
