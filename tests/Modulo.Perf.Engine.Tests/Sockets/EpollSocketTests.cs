using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Modulo.Perf.Engine.Sockets;

namespace Modulo.Perf.Engine.Tests.Sockets;

/// <summary>
/// The engine's own socket loop against real TCP peers on loopback, at the edges the HTTP transport's tests reach
/// rarely: a send that fills the socket's buffer, a receive smaller than what arrived, a name with an address that
/// refuses, and an abort from another thread.
/// </summary>
public sealed class EpollSocketTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [EpollFact]
    public async Task Sends_a_body_far_larger_than_the_socket_buffer_to_a_peer_that_reads_late()
    {
        using var listener = Listen(IPAddress.Loopback);
        var body = new byte[16 * 1024 * 1024];
        Random.Shared.NextBytes(body);
        var received = Task.Run(async () =>
        {
            using var peer = await listener.AcceptSocketAsync();
            // Long enough for the sender to fill both buffers and wait for the socket to become writable again.
            await Task.Delay(300);
            var copy = new MemoryStream();
            await new NetworkStream(peer).CopyToAsync(copy);
            return copy.ToArray();
        });

        using (var socket = await EpollSocket.ConnectAsync(listener.LocalEndpoint, CancellationToken.None))
        {
            await socket.SendAsync(body).AsTask().WaitAsync(Patience);
        }

        var arrived = await received.WaitAsync(Patience);
        Assert.True(body.AsSpan().SequenceEqual(arrived));
    }

    [EpollFact]
    public async Task Receives_all_that_arrived_in_buffers_smaller_than_it()
    {
        using var listener = Listen(IPAddress.Loopback);
        var payload = new byte[1024 * 1024];
        Random.Shared.NextBytes(payload);
        var sent = Task.Run(async () =>
        {
            using var peer = await listener.AcceptSocketAsync();
            await peer.SendAsync(payload);
            peer.Shutdown(SocketShutdown.Send);
            // Held open until the client has read to the end, so the end it sees is the shutdown, not a reset.
            await peer.ReceiveAsync(new byte[1]);
        });

        using var socket = await EpollSocket.ConnectAsync(listener.LocalEndpoint, CancellationToken.None);
        // Let all of it arrive first: its edges are then past, and only the socket's own bookkeeping says more is waiting.
        await Task.Delay(200);
        var copy = new MemoryStream();
        var buffer = new byte[4096];
        int received;
        while ((received = await socket.ReceiveAsync(buffer).AsTask().WaitAsync(Patience)) > 0)
        {
            copy.Write(buffer, 0, received);
        }
        socket.Dispose();
        await sent.WaitAsync(Patience);

        var arrived = copy.ToArray();
        Assert.True(payload.AsSpan().SequenceEqual(arrived));
    }

    [EpollFact]
    public async Task A_receive_that_finds_nothing_after_a_full_one_waits_for_the_next_bytes()
    {
        using var listener = Listen(IPAddress.Loopback);
        var more = new TaskCompletionSource();
        var sent = Task.Run(async () =>
        {
            using var peer = await listener.AcceptSocketAsync();
            await peer.SendAsync(new byte[64]);
            await more.Task;
            await peer.SendAsync("late"u8.ToArray());
            await peer.ReceiveAsync(new byte[1]);
        });

        using var socket = await EpollSocket.ConnectAsync(listener.LocalEndpoint, CancellationToken.None);
        var buffer = new byte[64];
        var first = 0;
        while (first < buffer.Length)
        {
            first += await socket.ReceiveAsync(buffer.AsMemory(first)).AsTask().WaitAsync(Patience);
        }

        // The full buffer left the socket marked ready, but nothing is there: this receive must wait, not end.
        var next = socket.ReceiveAsync(buffer).AsTask();
        await Task.Delay(200);
        Assert.False(next.IsCompleted);
        more.SetResult();
        var received = await next.WaitAsync(Patience);
        Assert.Equal("late", System.Text.Encoding.ASCII.GetString(buffer, 0, received));
        socket.Dispose();
        await sent.WaitAsync(Patience);
    }

    [EpollFact]
    public async Task Tries_the_next_address_of_a_name_when_one_refuses()
    {
        var addresses = await Dns.GetHostAddressesAsync("localhost");
        var listening = addresses[^1];
        using var listener = Listen(listening);
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var accepted = listener.AcceptSocketAsync();

        using var socket = await EpollSocket.ConnectAsync(new DnsEndPoint("localhost", port), CancellationToken.None);
        using var peer = await accepted.WaitAsync(Patience);

        // Only the last address listens; any before it (::1 when localhost has both) refused first.
        Assert.Equal(listening.MapToIPv6(), ((IPEndPoint)peer.LocalEndPoint!).Address.MapToIPv6());
    }

    [EpollFact]
    public async Task Reports_a_refused_connection_as_dotnet_does()
    {
        int closedPort;
        using (var probe = Listen(IPAddress.Loopback))
        {
            closedPort = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        var failure = await Assert.ThrowsAsync<SocketException>(() =>
            EpollSocket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, closedPort), CancellationToken.None).AsTask());

        Assert.Equal(SocketError.ConnectionRefused, failure.SocketErrorCode);
    }

    [EpollFact]
    public async Task An_abort_from_another_thread_ends_a_pending_receive_and_later_sends_fail()
    {
        using var listener = Listen(IPAddress.Loopback);
        var accepted = listener.AcceptSocketAsync();
        using var socket = await EpollSocket.ConnectAsync(listener.LocalEndpoint, CancellationToken.None);
        using var peer = await accepted.WaitAsync(Patience);
        var pending = socket.ReceiveAsync(new byte[64]).AsTask();
        await Task.Delay(100);
        Assert.False(pending.IsCompleted);

        var clock = Stopwatch.StartNew();
        await Task.Run(socket.Abort);

        Assert.Equal(0, await pending.WaitAsync(Patience));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"The receive ended {clock.Elapsed} after the abort.");
        var failure = await Assert.ThrowsAsync<SocketException>(() => socket.SendAsync(new byte[16]).AsTask());
        Assert.Equal(SocketError.Shutdown, failure.SocketErrorCode);
        // The descriptor stays open until Dispose; disposing, then aborting again, is harmless.
        socket.Dispose();
        socket.Abort();
    }

    [EpollFact]
    public async Task Cancellation_ends_a_connect_that_gets_no_answer()
    {
        // A listener whose accept queue is full drops further handshakes: a connect to it waits (and retries for
        // minutes), all on loopback.
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(0);
        var fillers = new List<Socket>();
        try
        {
            var queueFull = false;
            for (var i = 0; i < 8 && !queueFull; i++)
            {
                var filler = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                fillers.Add(filler);
                queueFull = !filler.ConnectAsync(listener.LocalEndPoint!).Wait(TimeSpan.FromMilliseconds(500));
            }
            Assert.True(queueFull, "Every handshake was answered: the kernel did not hold back any connect.");

            using var stop = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
            var clock = Stopwatch.StartNew();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
                EpollSocket.ConnectAsync(listener.LocalEndPoint!, stop.Token).AsTask().WaitAsync(Patience));
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"The connect ended {clock.Elapsed} after it started.");
        }
        finally
        {
            fillers.ForEach(filler => filler.Dispose());
        }
    }

    private static TcpListener Listen(IPAddress address)
    {
        var listener = new TcpListener(address, 0);
        listener.Start();
        return listener;
    }
}
