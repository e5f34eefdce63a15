using System.Text;
using Modulo.Perf.Engine.Http;

namespace Modulo.Perf.Engine.Tests.Http;

public class Http11ResponseHeadTests
{
    private static Http11ResponseHead Parse(string head) => Http11ResponseHead.Parse(Encoding.ASCII.GetBytes(head));

    [Theory]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 12", 200, 12, false, true)]
    [InlineData("HTTP/1.1 404", 404, -1, false, true)]
    [InlineData("HTTP/1.1 200 OK\r\ntransfer-encoding: gzip, chunked", 200, -1, true, true)]
    [InlineData("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0", 200, 0, false, false)]
    [InlineData("HTTP/1.0 200 OK\r\nContent-Length: 3", 200, 3, false, false)]
    [InlineData("HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\nContent-Length: 3", 200, 3, false, true)]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nTransfer-Encoding: chunked", 200, -1, true, false)]
    // Bare LF line ends (RFC 9112 §2.2), alone or mixed with CRLF, and a list of one repeated length (RFC 9110 §8.6).
    [InlineData("HTTP/1.1 200 OK\nContent-Length: 12\nConnection: close", 200, 12, false, false)]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 7\nX-A: b\r", 200, 7, false, true)]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 2, 2\r", 200, 2, false, true)]
    public void Reads_status_and_framing(string head, int status, long contentLength, bool chunked, bool keepAlive)
    {
        var parsed = Parse(head);

        Assert.Equal((status, contentLength, chunked, keepAlive), (parsed.StatusCode, parsed.ContentLength, parsed.Chunked, parsed.KeepAlive));
    }

    [Theory]
    [InlineData("HTTP/2 200 OK")]
    [InlineData("HTTP/1.1 20 OK")]
    [InlineData("HTTP/1.1 200OK")]
    [InlineData("HTTP/1.1 200 OK\r\nNo colon here")]
    [InlineData("HTTP/1.1 200 OK\r\n folded: value")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 1x")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 2, 3")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 2,")]
    public void Rejects_invalid_heads_as_protocol_failures(string head)
    {
        var failure = Assert.Throws<HttpTransportFailureException>(() => Parse(head));

        Assert.Equal(HttpFailureCause.Protocol, failure.Cause);
    }
}
