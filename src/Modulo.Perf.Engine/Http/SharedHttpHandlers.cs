namespace Modulo.Perf.Engine.Http;

/// <summary>
/// One SocketsHttpHandler per base address (scheme and authority), TLS settings and run (its
/// <see cref="ConnectionTally"/>), shared by every HTTP/1.1 HttpClient-path transport that targets it and disposed
/// when the last of them is, so its connection pool lives exactly as long as the run. (HTTP/2 transports each own a
/// handler: see <see cref="HttpClientTransport"/>.) wss:// handshakes take one (with no tally: a WebSocket is not
/// an HTTP connection) for their upgrade request, so they judge certificates as https:// requests do.
/// </summary>
internal static class SharedHttpHandlers
{
    // The TLS settings are part of the key: two runs in one process (tests) may judge the same server differently.
    // The tally compares by identity (a class without value equality): each run counts its own connections.
    private static readonly Dictionary<(string Authority, TlsSettings Tls, ConnectionTally? Connections), Entry> s_entries = new();

    /// <summary>Takes a reference on the invoker for <paramref name="baseAddress"/>; give it back with <see cref="Release"/>.</summary>
    public static HttpMessageInvoker Acquire(Uri baseAddress, TlsSettings tls, ConnectionTally? connections)
    {
        var key = KeyOf(baseAddress, tls, connections);
        lock (s_entries)
        {
            if (!s_entries.TryGetValue(key, out var entry))
            {
                s_entries[key] = entry = new Entry(new HttpMessageInvoker(CreateHandler(tls, connections), disposeHandler: true));
            }

            entry.References++;
            return entry.Invoker;
        }
    }

    public static void Release(Uri baseAddress, TlsSettings tls, ConnectionTally? connections)
    {
        var key = KeyOf(baseAddress, tls, connections);
        lock (s_entries)
        {
            var entry = s_entries[key];
            if (--entry.References > 0)
            {
                return;
            }

            s_entries.Remove(key);
            entry.Invoker.Dispose();
        }
    }

    /// <summary>A handler configured as every HttpClient-path transport needs it, shared or not.</summary>
    public static SocketsHttpHandler CreateHandler(TlsSettings tls, ConnectionTally? connections) => new()
    {
        ConnectCallback = connections is null ? null : (context, cancellation) => TalliedStream.ConnectAsync(context.DnsEndPoint, connections, cancellation),
        // Like the lean path: what the server sends is what is measured, nothing is followed or stored.
        AllowAutoRedirect = false,
        UseCookies = false,
        AutomaticDecompression = System.Net.DecompressionMethods.None,
        // Long runs still pick up DNS changes; idle connections are dropped before typical server idle timeouts.
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
        MaxConnectionsPerServer = int.MaxValue,
        // The handler fills in the target host (and ALPN) per connection; the rest is the run's TLS settings.
        SslOptions = tls.CreateClientOptions(targetHost: null),
    };

    private static (string, TlsSettings, ConnectionTally?) KeyOf(Uri baseAddress, TlsSettings tls, ConnectionTally? connections) =>
        (baseAddress.GetLeftPart(UriPartial.Authority).ToLowerInvariant(), tls, connections);

    private sealed class Entry(HttpMessageInvoker invoker)
    {
        public HttpMessageInvoker Invoker { get; } = invoker;
        public int References { get; set; }
    }
}
