using System.Net.Sockets;

namespace Modulo.Perf.Engine.Http;

/// <summary>Maps what SocketsHttpHandler throws to the causes the lean path reports for the same events.</summary>
internal static class HttpClientFailures
{
    public static HttpFailureCause Classify(Exception failure)
    {
        var error = failure switch
        {
            HttpRequestException request => request.HttpRequestError,
            HttpIOException io => io.HttpRequestError,
            _ => HttpRequestError.Unknown,
        };
        switch (error)
        {
            case HttpRequestError.ResponseEnded:
                return HttpFailureCause.Reset;
            case HttpRequestError.InvalidResponse or HttpRequestError.ConfigurationLimitExceeded or HttpRequestError.HttpProtocolError:
                return HttpFailureCause.Protocol;
            case HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError or HttpRequestError.ProxyTunnelError:
                return HttpFailureCause.Other;
        }
        for (var inner = failure; inner is not null; inner = inner.InnerException)
        {
            if (inner is SocketException socket)
            {
                return SocketFailures.Classify(socket.SocketErrorCode);
            }
        }
        return HttpFailureCause.Other;
    }
}
