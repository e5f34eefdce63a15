namespace Modulo.Perf.Engine.Http;

/// <summary>
/// One SocketsHttpHandler per base address (scheme and authority) and run (its <see cref="ConnectionTally"/>),
/// shared by every HttpClient-path transport that targets it and disposed when the last of them is, so its
/// connection pool lives exactly as long as the run.
/// </summary>
internal static class SharedHttpHandlers
{
    private static readonly Dictionary<(string Authority, ConnectionTally? Connections), Entry> s_entries = new(new KeyComparer());

    /// <summary>Takes a reference on the invoker for <paramref name="baseAddress"/>; give it back with <see cref="Release"/>.</summary>
    public static HttpMessageInvoker Acquire(Uri baseAddress, ConnectionTally? connections)
    {
        var key = (KeyOf(baseAddress), connections);
        lock (s_entries)
        {
            if (!s_entries.TryGetValue(key, out var entry))
            {
                s_entries[key] = entry = new Entry(new HttpMessageInvoker(CreateHandler(connections), disposeHandler: true));
            }

            entry.References++;
            return entry.Invoker;
        }
    }

    public static void Release(Uri baseAddress, ConnectionTally? connections)
    {
        var key = (KeyOf(baseAddress), connections);
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

    private static SocketsHttpHandler CreateHandler(ConnectionTally? connections) => new()
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
    };

    private static string KeyOf(Uri baseAddress) => baseAddress.GetLeftPart(UriPartial.Authority);

    // Authorities compare as URLs do (case-insensitively); runs by identity.
    private sealed class KeyComparer : IEqualityComparer<(string Authority, ConnectionTally? Connections)>
    {
        public bool Equals((string Authority, ConnectionTally? Connections) x, (string Authority, ConnectionTally? Connections) y) =>
            StringComparer.OrdinalIgnoreCase.Equals(x.Authority, y.Authority) && ReferenceEquals(x.Connections, y.Connections);

        public int GetHashCode((string Authority, ConnectionTally? Connections) key) =>
            HashCode.Combine(StringComparer.OrdinalIgnoreCase.GetHashCode(key.Authority), key.Connections is null ? 0 : System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(key.Connections));
    }

    private sealed class Entry(HttpMessageInvoker invoker)
    {
        public HttpMessageInvoker Invoker { get; } = invoker;
        public int References { get; set; }
    }
}
