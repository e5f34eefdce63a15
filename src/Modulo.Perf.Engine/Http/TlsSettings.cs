using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Modulo.Perf.Engine.Http;

/// <summary>
/// How an <c>https://</c> target's certificate is judged and which certificate the engine shows it
/// (<c>insecureSkipTLSVerify</c>, <c>tlsCaFile</c>, <c>tlsClientCert</c>/<c>tlsClientKey</c> in perfgate.json).
/// The certificates are loaded when the config is, so a bad file is a config error before any load.
/// </summary>
public sealed record TlsSettings
{
    /// <summary>The machine's trust store, no client certificate: what a browser does.</summary>
    public static TlsSettings Default { get; } = new();

    /// <summary>Accept any server certificate (self-signed, expired, another host's), as k6's insecureSkipTLSVerify.</summary>
    public bool InsecureSkipVerify { get; init; }

    /// <summary>
    /// When set, the only trust roots: the server's chain must end in one of them (the machine's store is not
    /// consulted, as with curl --cacert). The host name is still checked.
    /// </summary>
    public X509Certificate2Collection? TrustedRoots { get; init; }

    /// <summary>Shown to a server that asks for a client certificate (mutual TLS); it carries its private key.</summary>
    public X509Certificate2? ClientCertificate { get; init; }

    /// <summary>The options of one TLS handshake with <paramref name="targetHost"/> under these settings.</summary>
    public SslClientAuthenticationOptions CreateClientOptions(string? targetHost)
    {
        var options = new SslClientAuthenticationOptions { TargetHost = targetHost };
        if (InsecureSkipVerify)
        {
            options.RemoteCertificateValidationCallback = static (_, _, _, _) => true;
        }
        else if (TrustedRoots is { } roots)
        {
            var policy = new X509ChainPolicy
            {
                TrustMode = X509ChainTrustMode.CustomRootTrust,
                // A private CA rarely runs a revocation endpoint the load machine can reach.
                RevocationMode = X509RevocationMode.NoCheck,
            };
            policy.CustomTrustStore.AddRange(roots);
            options.CertificateChainPolicy = policy;
        }
        if (ClientCertificate is { } client)
        {
            options.ClientCertificates = [client];
        }
        return options;
    }
}
