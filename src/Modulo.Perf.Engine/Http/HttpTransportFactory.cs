namespace Modulo.Perf.Engine.Http;

public static class HttpTransportFactory
{
    /// <summary>Creates the transport for one virtual user.</summary>
    public static IHttpTransport Create(Uri baseAddress, HttpTransportOptions options) =>
        new HttpClientTransport(HttpClientTransport.CreateClient(baseAddress), options.Timeout);
}
