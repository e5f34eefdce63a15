using System.Net;
using Modulo.Perf.Engine.Http;
using Modulo.Perf.Engine.Scenarios;

namespace Modulo.Perf.Engine.Tests.Http;

public class HttpTransportFactoryTests
{
    private sealed class NoProxy : IWebProxy
    {
        public ICredentials? Credentials { get; set; }
        public Uri? GetProxy(Uri destination) => null;
        public bool IsBypassed(Uri host) => true;
    }

    [Theory]
    [InlineData("http://127.0.0.1:5000/", false, HttpProtocolVersion.Http11, false)]
    [InlineData("http://127.0.0.1:5000/", true, HttpProtocolVersion.Http11, true)]
    [InlineData("https://127.0.0.1:5001/", false, HttpProtocolVersion.Http11, false)]
    [InlineData("https://127.0.0.1:5001/", true, HttpProtocolVersion.Http11, true)]
    [InlineData("http://127.0.0.1:5000/", false, HttpProtocolVersion.Http2, true)]
    [InlineData("https://127.0.0.1:5001/", false, HttpProtocolVersion.Http2, true)]
    public void Chooses_the_lean_path_for_http11_without_a_proxy(string baseAddress, bool forceHttpClient, HttpProtocolVersion version, bool expectHttpClient)
    {
        var options = new HttpTransportOptions { ForceHttpClient = forceHttpClient, Version = version };

        Assert.Equal(expectHttpClient, HttpTransportFactory.UsesHttpClient(new Uri(baseAddress), options, new NoProxy()));
    }

    [Fact]
    public void Chooses_HttpClient_when_a_proxy_applies_to_the_target()
    {
        var proxy = new WebProxy("http://127.0.0.1:3128") { BypassProxyOnLocal = false };

        Assert.True(HttpTransportFactory.UsesHttpClient(new Uri("http://127.0.0.1:5000/"), new HttpTransportOptions(), proxy));
    }

    [Fact]
    public void Keeps_the_lean_path_when_the_proxy_bypasses_the_target()
    {
        var proxy = new WebProxy("http://127.0.0.1:3128", BypassOnLocal: false, BypassList: ["127\\.0\\.0\\.1"]);

        Assert.False(HttpTransportFactory.UsesHttpClient(new Uri("http://127.0.0.1:5000/"), new HttpTransportOptions(), proxy));
    }

    [Fact]
    public void Rejects_an_address_that_is_not_http()
    {
        Assert.Throws<ArgumentException>(() => HttpTransportFactory.Create(new Uri("ftp://127.0.0.1/"), new HttpTransportOptions()));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Refuses_header_values_that_would_split_the_request(bool forceHttpClient)
    {
        await using var transport = HttpTransportFactory.Create(new Uri("http://127.0.0.1:5000/"), new HttpTransportOptions { ForceHttpClient = forceHttpClient });

        Assert.Throws<ArgumentException>(() => transport.Prepare("GET", "/", [new("X-Evil", "a\r\nHost: elsewhere")], ReadOnlyMemory<byte>.Empty));
    }
}
