using System.Net;
using Modulo.Perf.Engine.Scenarios;

namespace Modulo.Perf.Engine.Http;

/// <summary>Creates the transport for a target, so the engine (and the user) never choose one.</summary>
public static class HttpTransportFactory
{
    /// <summary>
    /// Picks the lean HTTP/1.1 path for <c>http://</c> and <c>https://</c> targets, and HttpClient (SocketsHttpHandler)
    /// for HTTP/2, when a proxy is configured (HTTP_PROXY/http_proxy etc.), or when options say so.
    /// </summary>
    public static IHttpTransport Create(Uri baseAddress, HttpTransportOptions options)
    {
        ArgumentNullException.ThrowIfNull(baseAddress);
        ArgumentNullException.ThrowIfNull(options);
        return UsesHttpClient(baseAddress, options, HttpClient.DefaultProxy)
            ? new HttpClientTransport(baseAddress, options)
            : new Http11Transport(baseAddress, options);
    }

    /// <summary>The choice, with the system proxy (the environment's, on Linux) passed in so it can be tested.</summary>
    internal static bool UsesHttpClient(Uri baseAddress, HttpTransportOptions options, IWebProxy systemProxy)
    {
        if (!baseAddress.IsAbsoluteUri || baseAddress.Scheme is not ("http" or "https"))
        {
            throw new ArgumentException($"'{baseAddress}' is not an absolute http:// or https:// address.", nameof(baseAddress));
        }

        // Only HttpClient speaks HTTP/2 and to proxies.
        return options.ForceHttpClient || options.Version == HttpProtocolVersion.Http2 || ProxyFor(baseAddress, systemProxy) is not null;
    }

    /// <summary>The proxy requests to <paramref name="target"/> go through (NO_PROXY and the like honoured), or null.</summary>
    internal static Uri? ProxyFor(Uri target, IWebProxy systemProxy) =>
        !systemProxy.IsBypassed(target) && systemProxy.GetProxy(target) is { } proxy && proxy != target ? proxy : null;
}
