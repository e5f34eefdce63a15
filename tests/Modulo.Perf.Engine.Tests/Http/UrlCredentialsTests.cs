using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Modulo.Perf.Engine.Http;
using Modulo.Perf.Engine.Tests.Infrastructure;

namespace Modulo.Perf.Engine.Tests.Http;

/// <summary>
/// Credentials in the target URL are sent as Basic auth, as curl sends them, and never written anywhere: every file
/// of the run and its console show the URL with the userinfo and query values as <c>***</c>.
/// </summary>
public class UrlCredentialsTests
{
    private const string Password = "hunter2-pw";
    private const string Signature = "sig-s3cr3t";

    private static async Task<(LoopbackServer Server, ConcurrentBag<string> Authorizations)> StartServerAsync()
    {
        var authorizations = new ConcurrentBag<string>();
        var server = await LoopbackServer.StartAsync(app => app.MapGet("/", (HttpContext context) =>
        {
            authorizations.Add(context.Request.Headers.Authorization.ToString());
            return "ok";
        }));
        return (server, authorizations);
    }

    private static Uri WithCredentials(Uri baseUrl) => new($"http://al%40ice:{Password}%3A1@{baseUrl.Authority}/?sig={Signature}&v=1");

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Userinfo_is_sent_as_basic_auth_with_its_parts_percent_decoded(bool forceHttpClient)
    {
        var (server, authorizations) = await StartServerAsync();
        await using var _ = server;
        await using var transport = HttpTransportFactory.Create(WithCredentials(server.BaseUrl), new HttpTransportOptions { ForceHttpClient = forceHttpClient });

        var exchange = await transport.SendAsync(transport.Prepare("GET", "/", [], ReadOnlyMemory<byte>.Empty), CancellationToken.None);
        var ownHeader = await transport.SendAsync(transport.Prepare("GET", "/", [new("Authorization", "Bearer mine")], ReadOnlyMemory<byte>.Empty), CancellationToken.None);

        Assert.Equal((200, 200), (exchange.StatusCode, ownHeader.StatusCode));
        var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"al@ice:{Password}:1"));
        Assert.Equal([expected, "Bearer mine"], authorizations.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_url_is_written_without_credentials_or_query_values()
    {
        Assert.Equal("http://***@127.0.0.1:5000/api?sig=***&v=***&flag", RedactedUrl.Of(new Uri("http://user:pass@127.0.0.1:5000/api?sig=abc&v=1&flag")));
        Assert.Equal("https://example.test/", RedactedUrl.Of(new Uri("https://example.test/")));
    }

    [Fact]
    public async Task No_file_of_the_run_and_no_console_line_shows_the_credentials()
    {
        var (server, authorizations) = await StartServerAsync();
        await using var _ = server;
        using var config = new TempConfig("""
            {
              "scenarios": { "s": { "steps": [ { "method": "GET", "path": "/" } ] } },
              "profiles": { "short": { "executor": "constant-vus", "vus": 1, "duration": "1s" } },
              "profile": "short"
            }
            """);
        var baseline = Path.Combine(config.Directory, "baseline.json");

        var (exitCode, _, output) = await Infrastructure.Engine.RunProcessAsync(config,
            "--base-url", WithCredentials(server.BaseUrl).ToString(), "--baseline", baseline, "--update-baseline");

        Assert.True(exitCode == 0, output);
        Assert.NotEmpty(authorizations);
        Assert.All(authorizations, value => Assert.StartsWith("Basic ", value));
        var written = Directory.GetFiles(config.OutputDirectory).Append(baseline).ToList();
        Assert.Contains(written, file => File.ReadAllText(file).Contains("http://***@", StringComparison.Ordinal));
        foreach (var text in written.Select(File.ReadAllText).Append(output))
        {
            Assert.DoesNotContain(Password, text);
            Assert.DoesNotContain(Signature, text);
            Assert.DoesNotContain("al%40ice", text);
        }
    }
}
