using System.Net;
using System.Net.Sockets;

namespace Modulo.Perf.Build;

/// <summary>Finds a loopback port nobody listens on by letting the OS pick one for a throwaway socket.</summary>
public static class FreePort
{
    public static int Pick()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
