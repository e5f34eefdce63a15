using System.Collections.Concurrent;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Modulo.Perf.Engine.Http;
using Modulo.Perf.Engine.Outcome;
using Modulo.Perf.Engine.Tests.Infrastructure;

namespace Modulo.Perf.Engine.Tests.Http;

/// <summary>
/// insecureSkipTLSVerify, tlsCaFile, the client certificate and httpVersion against real Kestrel servers on
/// 127.0.0.1 whose certificates are made here; the server records the protocol and client certificate it saw.
/// </summary>
public class TlsAndHttpVersionTests
{
    private const int Iterations = 4;

    /// <summary>What the server saw of each request: "HTTP/1.1 /one", or "HTTP/2 /two".</summary>
    private sealed class Seen
    {
        public ConcurrentQueue<string> Requests { get; } = new();
        public ConcurrentQueue<string> ClientCertificates { get; } = new();

        public void Map(WebApplication app)
        {
            app.MapGet("/{name}", (string name, HttpContext context) =>
            {
                Requests.Enqueue($"{context.Request.Protocol} /{name}");
                if (context.Connection.ClientCertificate is { } client)
                {
                    ClientCertificates.Enqueue(client.Subject);
                }
                return Results.Ok();
            });
        }
    }

    /// <summary>A config with one scenario per entry of <paramref name="scenarios"/> (name → extra JSON), each GET /name.</summary>
    private static TempConfig Config(Uri baseUrl, string topLevel, params (string Name, string Extra)[] scenarios)
    {
        var scenarioJson = string.Join(", ", scenarios.Select(s =>
            $$"""  "{{s.Name}}": { {{s.Extra}} "steps": [ { "method": "GET", "path": "/{{s.Name}}", "expect": [200] } ] }"""));
        return new TempConfig($$"""
            {
              "baseUrl": "{{baseUrl}}",
              {{topLevel}}
              "scenarios": { {{scenarioJson}} },
              "profiles": { "few": { "executor": "per-vu-iterations", "vus": 1, "iterations": {{Iterations}}, "maxDuration": "20s" } },
              "profile": "few",
              "thresholds": { "http_req_failed": ["rate==0"] }
            }
            """);
    }

    private static Task<RunResult> Run(TempConfig config) => Infrastructure.Engine.RunAsync(config);

    private static void AssertPassed(RunResult result) =>
        Assert.True(result.Verdict == Verdict.Pass,
            $"{result.Verdict}: {string.Join("; ", result.Errors.Select(e => e.Message))} failures: {string.Join(", ", result.FailuresByCause)}");

    [Fact]
    public async Task A_self_signed_certificate_stops_the_run_and_names_the_options_that_accept_it()
    {
        using var certificate = TestCertificates.Server();
        var seen = new Seen();
        await using var server = await LoopbackServer.StartAsync(seen.Map, certificate: certificate);
        using var config = Config(server.BaseUrl, "", ("one", ""));

        var result = await Run(config);

        Assert.Equal(Verdict.TargetUnreachable, result.Verdict);
        var message = Assert.Single(result.Errors).Message;
        Assert.Contains("untrusted certificate", message);
        Assert.Contains("name its CA in tlsCaFile, or set insecureSkipTLSVerify", message);
        Assert.Empty(seen.Requests);
    }

    [Fact]
    public async Task InsecureSkipTLSVerify_loads_a_self_signed_server_over_http11()
    {
        using var certificate = TestCertificates.Server();
        var seen = new Seen();
        await using var server = await LoopbackServer.StartAsync(seen.Map, certificate: certificate);
        using var config = Config(server.BaseUrl, """ "insecureSkipTLSVerify": true, """, ("one", ""));

        var result = await Run(config);

        AssertPassed(result);
        Assert.Equal(Enumerable.Repeat("HTTP/1.1 /one", Iterations), seen.Requests);
    }

    [Fact]
    public async Task TlsCaFile_trusts_a_server_certificate_its_authority_issued()
    {
        using var authority = TestCertificates.Authority();
        using var certificate = TestCertificates.Server(authority);
        var seen = new Seen();
        await using var server = await LoopbackServer.StartAsync(seen.Map, certificate: certificate);
        using var config = Config(server.BaseUrl, """ "tlsCaFile": "certs/ca.pem", """, ("one", ""));
        Directory.CreateDirectory(Path.Combine(config.Directory, "certs"));
        TestCertificates.WritePem(authority, Path.Combine(config.Directory, "certs", "ca.pem"));

        var result = await Run(config);

        AssertPassed(result);
        Assert.Equal(Iterations, seen.Requests.Count);
    }

    [Fact]
    public async Task TlsCaFile_of_another_authority_is_refused_before_the_load()
    {
        using var authority = TestCertificates.Authority();
        using var other = TestCertificates.Authority("CN=another CA");
        using var certificate = TestCertificates.Server(authority);
        var seen = new Seen();
        await using var server = await LoopbackServer.StartAsync(seen.Map, certificate: certificate);
        using var config = Config(server.BaseUrl, """ "tlsCaFile": "ca.pem", """, ("one", ""));
        TestCertificates.WritePem(other, Path.Combine(config.Directory, "ca.pem"));

        var result = await Run(config);

        Assert.Equal(Verdict.TargetUnreachable, result.Verdict);
        Assert.Contains("not issued by the authority in tlsCaFile", Assert.Single(result.Errors).Message);
        Assert.Empty(seen.Requests);
    }

    private static Task<LoopbackServer> StartRequiringClientCertificate(Seen seen, X509Certificate2 serverCertificate, X509Certificate2 authority) =>
        LoopbackServer.StartAsync(seen.Map, listen: listen => listen.UseHttps(new HttpsConnectionAdapterOptions
        {
            ServerCertificate = serverCertificate,
            ClientCertificateMode = ClientCertificateMode.RequireCertificate,
            // Only certificates the test authority issued get in.
            ClientCertificateValidation = (client, _, _) => client.Issuer == authority.Subject,
        }));

    [Fact]
    public async Task A_client_certificate_gets_through_a_server_that_requires_one()
    {
        using var authority = TestCertificates.Authority();
        using var serverCertificate = TestCertificates.Server(authority);
        using var client = TestCertificates.Client(authority);
        var seen = new Seen();
        await using var server = await StartRequiringClientCertificate(seen, serverCertificate, authority);
        using var config = Config(server.BaseUrl,
            """ "tlsCaFile": "ca.pem", "tlsClientCert": "client.pem", "tlsClientKey": "client.key", """, ("one", ""));
        TestCertificates.WritePem(authority, Path.Combine(config.Directory, "ca.pem"));
        TestCertificates.WritePem(client, Path.Combine(config.Directory, "client.pem"), Path.Combine(config.Directory, "client.key"));

        var result = await Run(config);

        AssertPassed(result);
        Assert.Equal(Iterations, seen.Requests.Count);
        Assert.Contains(client.Subject, seen.ClientCertificates);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Both_transports_apply_the_trusted_authority_and_the_client_certificate(bool forceHttpClient)
    {
        using var authority = TestCertificates.Authority();
        using var serverCertificate = TestCertificates.Server(authority);
        using var client = TestCertificates.Client(authority);
        var seen = new Seen();
        await using var server = await StartRequiringClientCertificate(seen, serverCertificate, authority);
        using var publicAuthority = X509CertificateLoader.LoadCertificate(authority.RawData);
        var tls = new TlsSettings { TrustedRoots = [publicAuthority], ClientCertificate = client };
        await using var transport = HttpTransportFactory.Create(server.BaseUrl, new HttpTransportOptions { ForceHttpClient = forceHttpClient, Tls = tls });

        var exchange = await transport.SendAsync(transport.Prepare("GET", "/one", [], default), CancellationToken.None);

        Assert.Equal(HttpFailureCause.None, exchange.Failure);
        Assert.Equal(200, exchange.StatusCode);
        Assert.Equal([client.Subject], seen.ClientCertificates);
    }

    [Fact]
    public async Task Without_the_client_certificate_the_server_that_requires_one_serves_nothing()
    {
        using var authority = TestCertificates.Authority();
        using var serverCertificate = TestCertificates.Server(authority);
        var seen = new Seen();
        await using var server = await StartRequiringClientCertificate(seen, serverCertificate, authority);
        using var config = Config(server.BaseUrl, """ "tlsCaFile": "ca.pem", """, ("one", ""));
        TestCertificates.WritePem(authority, Path.Combine(config.Directory, "ca.pem"));

        var result = await Run(config);

        Assert.NotEqual(Verdict.Pass, result.Verdict);
        Assert.Empty(seen.Requests);
    }

    [Fact]
    public async Task HttpVersion_2_is_spoken_over_tls_by_its_scenario_only()
    {
        using var certificate = TestCertificates.Server();
        var seen = new Seen();
        // Kestrel offers HTTP/1.1 and HTTP/2 over TLS by ALPN: the client's setting decides.
        await using var server = await LoopbackServer.StartAsync(seen.Map, certificate: certificate);
        using var config = Config(server.BaseUrl, """ "insecureSkipTLSVerify": true, """, ("one", ""), ("two", """ "httpVersion": "2", """));

        var result = await Run(config);

        AssertPassed(result);
        Assert.Equal(
            ["HTTP/1.1 /one", "HTTP/2 /two"],
            seen.Requests.Distinct().Order());
        Assert.Equal(Iterations, seen.Requests.Count);
    }

    [Fact]
    public async Task HttpVersion_2_over_http_uses_prior_knowledge()
    {
        var seen = new Seen();
        await using var server = await LoopbackServer.StartAsync(seen.Map, listen: listen => listen.Protocols = HttpProtocols.Http2);
        using var config = Config(server.BaseUrl, """ "httpVersion": "2", """, ("one", ""));

        var result = await Run(config);

        AssertPassed(result);
        Assert.Equal(Enumerable.Repeat("HTTP/2 /one", Iterations), seen.Requests);
    }

    [Fact]
    public async Task HttpVersion_2_against_a_server_without_it_fails_instead_of_measuring_http11()
    {
        var seen = new Seen();
        await using var server = await LoopbackServer.StartAsync(seen.Map, listen: listen => listen.Protocols = HttpProtocols.Http1);
        using var config = Config(server.BaseUrl, """ "httpVersion": "2", """, ("one", ""));

        var result = await Run(config);

        Assert.Equal(Verdict.SloViolation, result.Verdict);
        Assert.Equal(Iterations, result.FailuresByCause.Values.Sum());
        Assert.Empty(seen.Requests);
    }
}
