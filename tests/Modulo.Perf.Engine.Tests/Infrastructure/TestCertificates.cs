using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Modulo.Perf.Engine.Tests.Infrastructure;

/// <summary>
/// Certificates made in the test, valid from yesterday to tomorrow: a private CA, certificates it issues for a
/// server on 127.0.0.1 and for a client, and a self-signed server certificate; plus PEM files of them.
/// Each carries its private key in a form the platform's TLS can use (round-tripped through PKCS#12).
/// </summary>
public static class TestCertificates
{
    private static readonly Oid ServerAuthentication = new("1.3.6.1.5.5.7.3.1");
    private static readonly Oid ClientAuthentication = new("1.3.6.1.5.5.7.3.2");

    public static X509Certificate2 Authority(string name = "CN=modulo-perf test CA")
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(name, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        return Usable(certificate);
    }

    /// <summary>A server certificate issued by <paramref name="authority"/> or, without one, self-signed.</summary>
    /// <param name="names">The names it is valid for; by default 127.0.0.1. (The subject names no host, so only these count.)</param>
    public static X509Certificate2 Server(X509Certificate2? authority = null, Action<SubjectAlternativeNameBuilder>? names = null) =>
        Issue("CN=modulo-perf test server", ServerAuthentication, authority, names ?? (loopback => loopback.AddIpAddress(IPAddress.Loopback)));

    public static X509Certificate2 Client(X509Certificate2 authority) =>
        Issue("CN=modulo-perf test client", ClientAuthentication, authority, names => names.AddDnsName("client.test"));

    /// <summary>Writes the certificate (and, with <paramref name="keyPath"/>, its PKCS#8 private key) as PEM.</summary>
    public static void WritePem(X509Certificate2 certificate, string certificatePath, string? keyPath = null)
    {
        File.WriteAllText(certificatePath, certificate.ExportCertificatePem() + "\n");
        if (keyPath is not null)
        {
            using var key = (AsymmetricAlgorithm?)certificate.GetECDsaPrivateKey() ?? certificate.GetRSAPrivateKey()!;
            File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem() + "\n");
        }
    }

    private static X509Certificate2 Issue(string subject, Oid usage, X509Certificate2? authority, Action<SubjectAlternativeNameBuilder> names)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        names(san);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([usage], false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        var notBefore = DateTimeOffset.UtcNow.AddDays(-1);
        var notAfter = DateTimeOffset.UtcNow.AddDays(1).AddMinutes(-1);
        if (authority is null)
        {
            using var selfSigned = request.CreateSelfSigned(notBefore, notAfter);
            return Usable(selfSigned);
        }
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(authority, true, false));
        using var issued = request.Create(authority, notBefore, notAfter, RandomNumberGenerator.GetBytes(16));
        using var withKey = issued.CopyWithPrivateKey(key);
        return Usable(withKey);
    }

    private static X509Certificate2 Usable(X509Certificate2 certificate) =>
        X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
}
