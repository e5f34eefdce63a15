using System.Net.Sockets;

namespace Modulo.Perf.Engine.Execution;

/// <summary>Checks that something listens at the target before load starts, so a dead target is exit 4 at once.</summary>
internal static class TargetProbe
{
    public static async Task<string?> FindProblemAsync(Uri target, TimeSpan timeout, CancellationToken cancellation)
    {
        using var client = new TcpClient();
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        timeoutSource.CancelAfter(timeout);
        try
        {
            await client.ConnectAsync(target.Host, target.Port, timeoutSource.Token).ConfigureAwait(false);
            return null;
        }
        catch (SocketException ex)
        {
            return $"cannot connect to {target.Host}:{target.Port}: {ex.Message}";
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
        {
            return $"cannot connect to {target.Host}:{target.Port}: no answer within {timeout.TotalSeconds:0} s";
        }
    }
}
