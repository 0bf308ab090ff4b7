using System.Net;
using System.Net.Sockets;

namespace Amp.Testing;

public static class Ports
{
    /// <summary>A loopback port that was free a moment ago.</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>
    /// A loopback port that refuses connections for as long as the returned socket lives: bound but not listening, so
    /// a connection gets "connection refused" and no other test can take the port meanwhile.
    /// </summary>
    public static Socket Refusing(out int port)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        port = ((IPEndPoint)socket.LocalEndPoint!).Port;
        return socket;
    }

    /// <summary>
    /// Free loopback addresses for the query servers an <c>ampd solo</c> starts (JSON Lines and Arrow Flight), as its
    /// environment, so solos of parallel tests do not meet on the default ports 1603 and 1602.
    /// </summary>
    public static Dictionary<string, string?> QueryServers() => new()
    {
        ["AMP_CONFIG_JSONL_ADDR"] = $"127.0.0.1:{Free()}",
        ["AMP_CONFIG_FLIGHT_ADDR"] = $"127.0.0.1:{Free()}",
    };
}
