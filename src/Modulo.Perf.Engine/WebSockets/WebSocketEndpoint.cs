namespace Modulo.Perf.Engine.WebSockets;

/// <summary>Where a connect goes: the target's host and port with ws:// (or wss:// for https://) and the step's path.</summary>
internal static class WebSocketEndpoint
{
    public static Uri For(Uri baseUrl, string pathAndQuery)
    {
        var root = new UriBuilder(baseUrl)
        {
            Scheme = baseUrl.Scheme == Uri.UriSchemeHttps ? Uri.UriSchemeWss : Uri.UriSchemeWs,
            Path = "/",
            Query = "",
            Fragment = "",
        };
        return new Uri(root.Uri, pathAndQuery);
    }
}
