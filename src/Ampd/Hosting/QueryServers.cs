using System.Net;
using System.Net.Sockets;
using Amp.MetadataDb.Connection;
using Amp.Query.Catalog;
using Amp.Query.Engine;
using Amp.Query.Flight;
using Amp.Query.Jsonl;
using Ampd.Configuration;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;

namespace Ampd.Hosting;

/// <summary>Which query transports a process serves.</summary>
[Flags]
internal enum QueryTransports
{
    None = 0,
    Jsonl = 1,
    Flight = 2,
    Both = Jsonl | Flight,
}

/// <summary>
/// The query side of <c>ampd server</c> and <c>ampd solo</c>: one DuckDB engine over the metadata database's catalog
/// (kept fresh by change-tracking), served as JSON Lines on <c>jsonl_addr</c> and Arrow Flight on <c>flight_addr</c>,
/// each on its own Kestrel.
/// </summary>
internal sealed class QueryServers : IAsyncDisposable
{
    private readonly QueryEngine _engine;
    private readonly CancellationTokenSource _listening;
    private readonly Task _listener;
    private readonly List<WebApplication> _apps = [];

    private QueryServers(QueryEngine engine, CancellationTokenSource listening, Task listener)
    {
        _engine = engine;
        _listening = listening;
        _listener = listener;
    }

    /// <summary>The operator's error line when an address of <paramref name="which"/> cannot be bound; null when all can.</summary>
    public static string? AddressInUse(AmpConfig config, QueryTransports which)
    {
        if (which.HasFlag(QueryTransports.Jsonl) && Probe(config.JsonlAddr) is { } jsonl)
            return BindError("JSON Lines queries", config.JsonlAddr, "jsonl_addr", jsonl);
        if (which.HasFlag(QueryTransports.Flight) && Probe(config.FlightAddr) is { } flight)
            return BindError("Arrow Flight queries", config.FlightAddr, "flight_addr", flight);
        return null;
    }

    /// <summary>
    /// Starts the engine, the catalog listener and the chosen transports. Returns the servers, or the operator's error
    /// line when a transport cannot bind (nothing is left running then).
    /// </summary>
    public static async Task<(QueryServers? Servers, string? Error)> StartAsync(AmpConfig config, MetadataDatabase db, Amp.Controller.StorageDirectories storage,
        QueryTransports which, ILoggerFactory logs, CancellationToken ct)
    {
        var logger = logs.CreateLogger("Ampd.Query");
        var catalog = new MetadataTableCatalog(db, storage.DataDir, storage.ManifestsDir, logs.CreateLogger<MetadataTableCatalog>());
        var listening = new CancellationTokenSource();
        var listener = new CatalogChangeListener(db, catalog, config.QueryRefreshInterval, logs.CreateLogger<CatalogChangeListener>()).RunAsync(listening.Token);
        var servers = new QueryServers(new QueryEngine(catalog, config.Query, logs.CreateLogger<QueryEngine>()), listening, listener);
        try
        {
            if (which.HasFlag(QueryTransports.Jsonl)
                && await servers.StartAsync(JsonlServer.Build(servers._engine, config.JsonlAddr, AmpLogging.Configure), "JSON Lines queries", config.JsonlAddr, "jsonl_addr", ct).ConfigureAwait(false) is { } jsonlError)
            {
                await servers.DisposeAsync().ConfigureAwait(false);
                return (null, jsonlError);
            }
            if (which.HasFlag(QueryTransports.Jsonl))
                QueryServerLog.JsonlListening(logger, config.JsonlAddr.ToString());
            if (which.HasFlag(QueryTransports.Flight)
                && await servers.StartAsync(FlightQueryServer.Build(servers._engine, config.FlightAddr, AmpLogging.Configure), "Arrow Flight queries", config.FlightAddr, "flight_addr", ct).ConfigureAwait(false) is { } flightError)
            {
                await servers.DisposeAsync().ConfigureAwait(false);
                return (null, flightError);
            }
            if (which.HasFlag(QueryTransports.Flight))
                QueryServerLog.FlightListening(logger, config.FlightAddr.ToString());
            return (servers, null);
        }
        catch
        {
            await servers.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task<string?> StartAsync(WebApplication app, string what, IPEndPoint address, string key, CancellationToken ct)
    {
        _apps.Add(app);
        try
        {
            await app.StartAsync(ct).ConfigureAwait(false);
            return null;
        }
        catch (IOException ex) when (ex.InnerException is SocketException || ex.Message.Contains("address", StringComparison.OrdinalIgnoreCase))
        {
            return BindError(what, address, key, ex.Message);
        }
    }

    public async ValueTask DisposeAsync()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        foreach (var app in _apps)
        {
            try
            {
                await app.StopAsync(deadline.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or InvalidOperationException)
            {
                // not started, or running queries outlived the deadline: they end with the engine below
            }
            await app.DisposeAsync().ConfigureAwait(false);
        }
        await _listening.CancelAsync().ConfigureAwait(false);
        await _listener.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _listening.Dispose();
        _engine.Dispose();
    }

    private static string? Probe(IPEndPoint address)
    {
        try
        {
            using var probe = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            probe.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            probe.Bind(address);
            probe.Listen(1);
            return null;
        }
        catch (SocketException ex)
        {
            return ex.Message;
        }
    }

    private static string BindError(string what, IPEndPoint address, string key, string reason) =>
        $"cannot serve {what} on {address}: {reason}; stop the process using that port or set {key} / AMP_CONFIG_{key.ToUpperInvariant()}";
}

internal static partial class QueryServerLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "JSON Lines queries listening on http://{address}")]
    public static partial void JsonlListening(ILogger logger, string address);

    [LoggerMessage(Level = LogLevel.Information, Message = "Arrow Flight queries listening on grpc://{address}")]
    public static partial void FlightListening(ILogger logger, string address);
}
