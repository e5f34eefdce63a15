using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Modulo.Perf.Engine.Outcome;
using Modulo.Perf.Engine.Tests.Infrastructure;

namespace Modulo.Perf.Engine.Tests.Execution;

/// <summary>An https target whose certificate the machine would refuse: a real Kestrel with a self-signed certificate.</summary>
public class TlsProbeTests
{
    private static X509Certificate2 SelfSigned(Action<SubjectAlternativeNameBuilder> names)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=modulo-perf-test", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        names(san);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        // Kestrel needs the private key in a form the platform's TLS can use: round-trip through PKCS#12.
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
    }

    private static async Task<RunResult> RunAgainst(X509Certificate2 certificate)
    {
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/", () => Results.Ok()), certificate: certificate);
        using var config = new TempConfig($$"""
            { "baseUrl": "{{server.BaseUrl}}", "scenarios": { "s": { "steps": [ { "method": "GET", "path": "/" } ] } },
              "profiles": { "once": { "executor": "per-vu-iterations", "vus": 1, "iterations": 1, "maxDuration": "10s" } }, "profile": "once" }
            """);
        return await Infrastructure.Engine.RunAsync(config);
    }

    [Fact]
    public async Task An_untrusted_certificate_stops_the_run_naming_the_reason()
    {
        using var certificate = SelfSigned(names => names.AddIpAddress(IPAddress.Loopback));

        var result = await RunAgainst(certificate);

        Assert.Equal(Verdict.TargetUnreachable, result.Verdict);
        var message = Assert.Single(result.Errors).Message;
        Assert.Contains("TLS handshake", message);
        Assert.Contains("untrusted certificate", message);
        Assert.DoesNotContain("name mismatch", message);
    }

    [Fact]
    public async Task A_certificate_for_another_name_is_a_name_mismatch()
    {
        using var certificate = SelfSigned(names => names.AddDnsName("other.test"));

        var result = await RunAgainst(certificate);

        Assert.Equal(Verdict.TargetUnreachable, result.Verdict);
        Assert.Contains("name mismatch: the certificate does not name '127.0.0.1'", Assert.Single(result.Errors).Message);
    }
}
