using System.Net.Sockets;
using Modulo.Perf.Engine.Http;

namespace Modulo.Perf.Engine.Execution;

/// <summary>
/// Checks that something listens at the target before load starts, so a dead target is exit 4 at once. When the
/// requests go through a proxy (http_proxy, HTTPS_PROXY, minus no_proxy), the proxy is what must listen.
/// </summary>
internal static class TargetProbe
{
    public static async Task<string?> FindProblemAsync(Uri target, TimeSpan timeout, CancellationToken cancellation)
    {
        var proxy = HttpTransportFactory.ProxyFor(target, HttpClient.DefaultProxy);
        var endpoint = proxy ?? target;
        var what = proxy is null
            ? $"{target.Host}:{target.Port}"
            : $"the proxy {proxy.Host}:{proxy.Port} that requests to {target.Host}:{target.Port} go through";
        using var client = new TcpClient();
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        timeoutSource.CancelAfter(timeout);
        try
        {
            await client.ConnectAsync(endpoint.Host, endpoint.Port, timeoutSource.Token).ConfigureAwait(false);
            return null;
        }
        catch (SocketException ex)
        {
            return $"cannot connect to {what}: {ex.Message}";
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
        {
            return $"cannot connect to {what}: no answer within {timeout.TotalSeconds:0} s";
        }
    }
}
