using System.CommandLine;
using Ampd.Hosting;

namespace Ampd.Commands;

/// <summary>Amp's flags choosing what <c>ampd server</c> and <c>ampd solo</c> serve; none given means all.</summary>
internal static class TransportOptions
{
    public static Option<bool> Jsonl() => new("--jsonl-server") { Description = "Serve JSON Lines queries on jsonl_addr (default: all servers unless one is chosen)" };

    public static Option<bool> Flight() => new("--flight-server") { Description = "Serve Arrow Flight queries on flight_addr (default: all servers unless one is chosen)" };

    public static Option<bool> Admin() => new("--admin-server") { Description = "Serve the Admin API on admin_api_addr (default: all servers unless one is chosen)" };

    public static QueryTransports Chosen(bool jsonl, bool flight) =>
        !jsonl && !flight ? QueryTransports.Both
        : (jsonl ? QueryTransports.Jsonl : QueryTransports.None) | (flight ? QueryTransports.Flight : QueryTransports.None);
}
