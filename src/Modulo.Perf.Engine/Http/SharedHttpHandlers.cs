namespace Modulo.Perf.Engine.Http;

/// <summary>
/// One SocketsHttpHandler per base address (scheme and authority), shared by every HttpClient-path transport that
/// targets it and disposed when the last of them is, so its connection pool lives exactly as long as the run.
/// </summary>
internal static class SharedHttpHandlers
{
    private static readonly Dictionary<string, Entry> s_entries = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Takes a reference on the invoker for <paramref name="baseAddress"/>; give it back with <see cref="Release"/>.</summary>
    public static HttpMessageInvoker Acquire(Uri baseAddress)
    {
        var key = KeyOf(baseAddress);
        lock (s_entries)
        {
            if (!s_entries.TryGetValue(key, out var entry))
            {
                s_entries[key] = entry = new Entry(new HttpMessageInvoker(CreateHandler(), disposeHandler: true));
            }

            entry.References++;
            return entry.Invoker;
        }
    }

    public static void Release(Uri baseAddress)
    {
        var key = KeyOf(baseAddress);
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

    private static SocketsHttpHandler CreateHandler() => new()
    {
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

    private sealed class Entry(HttpMessageInvoker invoker)
    {
        public HttpMessageInvoker Invoker { get; } = invoker;
        public int References { get; set; }
    }
}
