using System.Reflection;

namespace Modulo.Perf.Engine.Http;

/// <summary>
/// The <c>User-Agent</c> every request and WebSocket handshake carries unless the config names another
/// (<c>userAgent</c>, empty for none) or an HTTP step sets its own: <c>modulo-perf/&lt;version&gt;</c>, as k6 sends
/// <c>k6/&lt;version&gt;</c>.
/// </summary>
internal static class HttpUserAgent
{
    public static string Value { get; } = "modulo-perf/" + EngineVersion();

    private static string EngineVersion()
    {
        var assembly = typeof(HttpUserAgent).Assembly;
        var informational = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        // The SDK appends "+<commit>" to the informational version; the product version is the part before it.
        var version = informational?.Split('+')[0] ?? assembly.GetName().Version?.ToString(3) ?? "0.0.0";
        return version;
    }
}
