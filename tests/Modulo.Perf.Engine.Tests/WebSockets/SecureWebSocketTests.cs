using System.Collections.Concurrent;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Modulo.Perf.Engine.Http;
using Modulo.Perf.Engine.Metrics;
using Modulo.Perf.Engine.Outcome;
using Modulo.Perf.Engine.Steps;
using Modulo.Perf.Engine.Steps.WebSockets;
using Modulo.Perf.Engine.Tests.Infrastructure;
using Modulo.Perf.Engine.WebSockets;

namespace Modulo.Perf.Engine.Tests.WebSockets;

/// <summary>
/// wss:// sessions under the run's TLS settings (insecureSkipTLSVerify, tlsCaFile, the client certificate) against
/// real Kestrel HTTPS servers on 127.0.0.1 whose certificates are made here; the server answers pings with pongs
/// and records the sessions it accepted and the client certificates it saw.
/// </summary>
public class SecureWebSocketTests
{
    private const int Iterations = 3;

    private sealed class Hub
    {
        private int _sessions;

        public int Sessions => Volatile.Read(ref _sessions);
        public ConcurrentQueue<string> ClientCertificates { get; } = new();

        public void Map(WebApplication app) => app.Map("/ws", async (HttpContext context) =>
        {
            if (!context.WebSockets.IsWebSocketRequest)
            {
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                return;
            }
            if (context.Connection.ClientCertificate is { } client)
            {
                ClientCertificates.Enqueue(client.Subject);
            }
            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            Interlocked.Increment(ref _sessions);
            try
            {
                while (await TestSockets.ReceiveAsync(socket, context.RequestAborted) is { } ping)
                {
                    await TestSockets.SendAsync(socket, TestSockets.Pong(ping), context.RequestAborted);
                }
            }
            catch (Exception error) when (error is WebSocketException or OperationCanceledException or IOException)
            {
                // The client went away (or the test server is stopping).
            }
        });
    }

    /// <summary>One VU, <see cref="Iterations"/> sessions of one ping round trip each; any ws_errors failure fails the run.</summary>
    private static TempConfig Config(Uri baseUrl, string tlsOptions) => new($$"""
        {
          "baseUrl": "{{baseUrl}}",
          {{tlsOptions}}
          "scenarios": { "secure": { "steps": [
            { "ws": "connect", "path": "/ws", "timeout": "5s" },
            { "ws": "send", "name": "ping", "message": { "type": "ping", "id": "{seq}" } },
            { "ws": "await", "name": "pong", "match": "type == \"pong\" && id == \"{seq}\"", "timeout": "5s" } ] } },
          "profiles": { "few": { "executor": "per-vu-iterations", "vus": 1, "iterations": {{Iterations}}, "maxDuration": "30s" } },
          "profile": "few",
          "thresholds": { "ws_errors": ["rate==0"] }
        }
        """);

    private static void AssertAllSessionsRoundTripped(RunResult result, Hub hub)
    {
        Assert.True(result.Verdict == Verdict.Pass,
            $"{result.Verdict}: {string.Join("; ", result.Errors.Select(e => e.Message))}; " +
            $"handshake failures: {result.Rate(MetricCatalog.WsErrors, ("cause", "handshake")).Passes}");
        Assert.Equal(Iterations, result.Count(MetricCatalog.WsSessions));
        Assert.Equal(Iterations, result.Count(MetricCatalog.WsMsgsReceived));
        Assert.Equal(Iterations, hub.Sessions);
    }

    [Fact]
    public async Task A_self_signed_certificate_stops_the_run_and_names_the_options_that_accept_it()
    {
        using var certificate = TestCertificates.Server();
        var hub = new Hub();
        await using var server = await LoopbackServer.StartAsync(hub.Map, certificate: certificate);
        using var config = Config(server.BaseUrl, "");

        var result = await Infrastructure.Engine.RunAsync(config);

        Assert.Equal(Verdict.TargetUnreachable, result.Verdict);
        var message = Assert.Single(result.Errors).Message;
        Assert.Contains("untrusted certificate", message);
        Assert.Contains("name its CA in tlsCaFile, or set insecureSkipTLSVerify", message);
        Assert.Equal(0, hub.Sessions);
    }

    [Fact]
    public async Task The_handshake_itself_refuses_a_self_signed_certificate_unless_told_to_skip_the_check()
    {
        // Below the run's probe: a VU's session opens its wss:// socket under the TLS settings it was given.
        using var certificate = TestCertificates.Server();
        var hub = new Hub();
        await using var server = await LoopbackServer.StartAsync(hub.Map, certificate: certificate);
        var endpoint = WebSocketEndpoint.For(server.BaseUrl, "/ws");
        var registry = new MetricRegistry();
        var step = new WebSocketStepMetrics(registry, "secure", "connect");
        await using var vu = new VirtualUser(0, _ => throw new InvalidOperationException("no HTTP step here"), 1, new RunVariables([]));
        await using var machineTrust = new WebSocketSession(endpoint, new StepTarget(server.BaseUrl, "/ws"));
        await using var skipCheck = new WebSocketSession(endpoint, new StepTarget(server.BaseUrl, "/ws") { Tls = new TlsSettings { InsecureSkipVerify = true } });

        var refused = await machineTrust.ConnectAsync(vu, step, WebSocketErrorCauses.Handshake, CancellationToken.None);
        var accepted = await skipCheck.ConnectAsync(vu, step, WebSocketErrorCauses.Handshake, CancellationToken.None);
        await skipCheck.CloseAsync(TimeSpan.FromSeconds(2));
        registry.Collect();

        Assert.Null(refused);
        Assert.NotNull(accepted);
        var handshakeFailures = registry.QueryRate(MetricCatalog.WsErrors, new Dictionary<string, string> { ["cause"] = "handshake" });
        Assert.Equal(1, handshakeFailures.Passes);
        Assert.Equal(1, registry.QueryCounter(MetricCatalog.WsSessions, new Dictionary<string, string>()).Count);
        Assert.Equal(1, hub.Sessions);
    }

    [Fact]
    public async Task InsecureSkipTLSVerify_opens_sessions_to_a_self_signed_server()
    {
        using var certificate = TestCertificates.Server();
        var hub = new Hub();
        await using var server = await LoopbackServer.StartAsync(hub.Map, certificate: certificate);
        using var config = Config(server.BaseUrl, """ "insecureSkipTLSVerify": true, """);

        var result = await Infrastructure.Engine.RunAsync(config);

        AssertAllSessionsRoundTripped(result, hub);
    }

    [Fact]
    public async Task TlsCaFile_trusts_a_server_certificate_its_authority_issued()
    {
        using var authority = TestCertificates.Authority();
        using var certificate = TestCertificates.Server(authority);
        var hub = new Hub();
        await using var server = await LoopbackServer.StartAsync(hub.Map, certificate: certificate);
        using var config = Config(server.BaseUrl, """ "tlsCaFile": "ca.pem", """);
        TestCertificates.WritePem(authority, Path.Combine(config.Directory, "ca.pem"));

        var result = await Infrastructure.Engine.RunAsync(config);

        AssertAllSessionsRoundTripped(result, hub);
    }

    [Fact]
    public async Task A_client_certificate_gets_sessions_through_a_server_that_requires_one()
    {
        using var authority = TestCertificates.Authority();
        using var serverCertificate = TestCertificates.Server(authority);
        using var client = TestCertificates.Client(authority);
        var hub = new Hub();
        await using var server = await LoopbackServer.StartAsync(hub.Map, listen: listen => listen.UseHttps(new HttpsConnectionAdapterOptions
        {
            ServerCertificate = serverCertificate,
            ClientCertificateMode = ClientCertificateMode.RequireCertificate,
            // Only certificates the test authority issued get in.
            ClientCertificateValidation = (certificate, _, _) => certificate.Issuer == authority.Subject,
        }));
        using var config = Config(server.BaseUrl,
            """ "tlsCaFile": "ca.pem", "tlsClientCert": "client.pem", "tlsClientKey": "client.key", """);
        TestCertificates.WritePem(authority, Path.Combine(config.Directory, "ca.pem"));
        TestCertificates.WritePem(client, Path.Combine(config.Directory, "client.pem"), Path.Combine(config.Directory, "client.key"));

        var result = await Infrastructure.Engine.RunAsync(config);

        AssertAllSessionsRoundTripped(result, hub);
        Assert.Equal(Enumerable.Repeat(client.Subject, Iterations), hub.ClientCertificates);
    }
}
