using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Modulo.Perf.Engine.Http;

namespace Modulo.Perf.Engine.Execution;

/// <summary>
/// Checks that something listens at the target before load starts, so a dead target is exit 4 at once. When the
/// requests go through a proxy (http_proxy, HTTPS_PROXY, minus no_proxy), the proxy is what must listen. For an
/// https target it also completes a TLS handshake as the load will, so a certificate the machine does not trust or
/// that names another host is reported once with its reason, not as thousands of requests failing with cause other.
/// </summary>
internal static class TargetProbe
{
    public static async Task<string?> FindProblemAsync(Uri target, TlsSettings tls, TimeSpan timeout, CancellationToken cancellation)
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
            // Through a proxy the handshake would need a CONNECT tunnel; the load's own requests report TLS there.
            return proxy is null && target.Scheme == Uri.UriSchemeHttps
                ? await FindTlsProblemAsync(client.GetStream(), target, tls, timeoutSource.Token).ConfigureAwait(false)
                : null;
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

    private static async Task<string?> FindTlsProblemAsync(NetworkStream stream, Uri target, TlsSettings tls, CancellationToken cancellation)
    {
        var errors = SslPolicyErrors.None;
        X509ChainStatusFlags chainProblems = 0;
        using var handshake = new SslStream(stream, leaveInnerStreamOpen: true);
        // The same judgement the load's HttpClient makes (the run's TLS settings), with its reasons kept.
        var options = tls.CreateClientOptions(target.IdnHost);
        options.RemoteCertificateValidationCallback = (_, _, chain, policyErrors) =>
        {
            errors = policyErrors;
            foreach (var status in chain?.ChainStatus ?? [])
            {
                chainProblems |= status.Status;
            }
            return tls.InsecureSkipVerify || policyErrors == SslPolicyErrors.None;
        };
        try
        {
            await handshake.AuthenticateAsClientAsync(options, cancellation).ConfigureAwait(false);
            return null;
        }
        catch (Exception ex) when (ex is AuthenticationException or IOException)
        {
            var reasons = Reasons(errors, chainProblems, target, tls);
            return $"the TLS handshake with {target.Host}:{target.Port} failed: {(reasons.Count > 0 ? string.Join("; ", reasons) : ex.Message)}";
        }
    }

    private static List<string> Reasons(SslPolicyErrors errors, X509ChainStatusFlags chain, Uri target, TlsSettings tls)
    {
        var reasons = new List<string>();
        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
        {
            reasons.Add("the server sent no certificate");
        }
        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
        {
            reasons.Add($"name mismatch: the certificate does not name '{target.Host}'");
        }
        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateChainErrors))
        {
            var what = chain.HasFlag(X509ChainStatusFlags.NotTimeValid) ? "expired or not yet valid"
                : chain.HasFlag(X509ChainStatusFlags.UntrustedRoot) || chain.HasFlag(X509ChainStatusFlags.PartialChain)
                    ? tls.TrustedRoots is null
                        ? "untrusted certificate: self-signed or issued by an authority this machine does not trust (name its CA in tlsCaFile, or set insecureSkipTLSVerify)"
                        : "untrusted certificate: not issued by the authority in tlsCaFile"
                : chain.HasFlag(X509ChainStatusFlags.Revoked) ? "the certificate was revoked"
                : "the certificate chain is not valid";
            reasons.Add($"{what} ({chain})");
        }
        return reasons;
    }
}
