using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Modulo.Perf.Engine.Http;
using Modulo.Perf.Engine.SourceText;

namespace Modulo.Perf.Engine.Configuration;

/// <summary>
/// Reads <c>insecureSkipTLSVerify</c>, <c>tlsCaFile</c>, <c>tlsClientCert</c> and <c>tlsClientKey</c> and loads the
/// certificates they name (paths relative to perfgate.json), so a missing file, a file without a PEM certificate or
/// a key that does not belong to the certificate is an error at the option's position before any load.
/// </summary>
internal static class TlsSettingsLoader
{
    public static readonly string[] Properties = ["insecureSkipTLSVerify", "tlsCaFile", "tlsClientCert", "tlsClientKey"];

    public static TlsSettings Load(ConfigNode root, string configDirectory)
    {
        var caFile = root.Property("tlsCaFile");
        var clientCert = root.Property("tlsClientCert");
        var clientKey = root.Property("tlsClientKey");
        if (clientKey is { } keyOnly && clientCert is null)
        {
            throw keyOnly.Error("tlsClientKey needs tlsClientCert: the key belongs to a client certificate");
        }

        return new TlsSettings
        {
            InsecureSkipVerify = root.Property("insecureSkipTLSVerify")?.GetBoolean() ?? false,
            TrustedRoots = caFile is { } ca ? ReadCertificates(ca, ReadFile(ca, configDirectory)) : null,
            ClientCertificate = clientCert is { } cert ? ReadClientCertificate(cert, clientKey, configDirectory) : null,
        };
    }

    private static X509Certificate2Collection ReadCertificates(ConfigNode node, (string Path, string Text) file)
    {
        var (path, pem) = file;
        var certificates = new X509Certificate2Collection();
        try
        {
            certificates.ImportFromPem(pem);
        }
        catch (CryptographicException e)
        {
            throw node.Error($"{node.What} ({path}) holds a PEM certificate that cannot be read: {e.Message}");
        }
        return certificates.Count > 0
            ? certificates
            : throw node.Error($"{node.What} ({path}) holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
    }

    /// <summary>The certificate with its private key; without <c>tlsClientKey</c> the key is looked for in the certificate's file.</summary>
    private static X509Certificate2 ReadClientCertificate(ConfigNode certNode, ConfigNode? keyNode, string configDirectory)
    {
        var (certPath, certPem) = ReadFile(certNode, configDirectory);
        ReadCertificates(certNode, (certPath, certPem));
        var (keyPath, keyPem) = keyNode is { } key ? ReadFile(key, configDirectory) : (certPath, certPem);
        try
        {
            using var ephemeral = X509Certificate2.CreateFromPem(certPem, keyPem);
            // Through PKCS#12 so the key is usable by the TLS stack on every platform (an ephemeral key is not on Windows).
            return X509CertificateLoader.LoadPkcs12(ephemeral.Export(X509ContentType.Pkcs12), password: null);
        }
        // CryptographicException: no key, or an encrypted one; ArgumentException: another certificate's key.
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            throw (keyNode ?? certNode).Error(
                $"no unencrypted PEM private key matching the client certificate ({certPath}) in {keyPath}: {e.Message}");
        }
    }

    private static (string Path, string Text) ReadFile(ConfigNode node, string configDirectory)
    {
        var path = Path.GetFullPath(Path.Combine(configDirectory, node.GetNonEmptyString()));
        try
        {
            return (path, File.ReadAllText(path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw node.Error($"cannot read {node.What} ({path}): {e.Message}");
        }
    }
}
