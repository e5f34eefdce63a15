using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Modulo.Perf.Engine.Outcome;
using Modulo.Perf.Engine.Tests.Infrastructure;

namespace Modulo.Perf.Engine.Tests.Execution;

/// <summary>An https target whose certificate the machine would refuse: a real Kestrel with a self-signed certificate.</summary>
public class TlsProbeTests
{
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
        using var certificate = TestCertificates.Server();

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
        using var certificate = TestCertificates.Server(names: names => names.AddDnsName("other.test"));

        var result = await RunAgainst(certificate);

        Assert.Equal(Verdict.TargetUnreachable, result.Verdict);
        Assert.Contains("name mismatch: the certificate does not name '127.0.0.1'", Assert.Single(result.Errors).Message);
    }
}
