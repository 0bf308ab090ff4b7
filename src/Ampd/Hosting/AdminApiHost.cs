using System.Net;
using System.Net.Sockets;
using Amp.Controller;
using Amp.MetadataDb.Connection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Ampd.Hosting;

/// <summary>Builds the web host that serves the Admin API (controller and solo modes).</summary>
public static class AdminApiHost
{
    public static WebApplicationBuilder CreateBuilder(IPEndPoint address, MetadataDatabase db, ControllerOptions options)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        AmpLogging.Configure(builder.Logging);
        builder.WebHost.ConfigureKestrel(k => k.Listen(address));
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(4));
        builder.Services.AddAdminApi(db, options);
        return builder;
    }

    /// <summary>
    /// Checks, before anything starts, that the Admin API address can be bound (as Kestrel binds it, with
    /// SO_REUSEADDR); returns the operator's error line when it cannot, null when it can.
    /// </summary>
    public static string? AddressInUse(IPEndPoint address)
    {
        ArgumentNullException.ThrowIfNull(address);
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
            return BindError(address, ex.Message);
        }
    }

    /// <summary>
    /// Makes the app run its hosted services (scheduler, embedded worker) without listening anywhere: solo without
    /// <c>--admin-server</c> when another server was chosen.
    /// </summary>
    public static void ServeNothing(WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<Microsoft.AspNetCore.Hosting.Server.IServer, NoServer>();
    }

    /// <summary>
    /// Runs the app; logs "Admin API listening" once the address is bound (a null address: the app serves nothing,
    /// see <see cref="ServeNothing"/>). A port already in use is reported as one line with the fix and exit code 1.
    /// </summary>
    public static async Task<int> RunAsync(WebApplication app, IPEndPoint? address, string metadataTarget, ILogger logger, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapAdminApi();
        try
        {
            await app.StartAsync(ct).ConfigureAwait(false);
        }
        catch (IOException ex) when (ex.InnerException is SocketException || ex.Message.Contains("address", StringComparison.OrdinalIgnoreCase))
        {
            return Operator.Fail(ExitCodes.Failure, BindError(address!, ex.Message));
        }
        catch (OperationCanceledException)
        {
            return ExitCodes.Ok;
        }
        if (address is not null)
            ControllerLog.Serving(logger, address.ToString(), metadataTarget);
        else
            ControllerLog.NotServing(logger, metadataTarget);
        await app.WaitForShutdownAsync(ct).ConfigureAwait(false);
        await app.StopAsync(CancellationToken.None).ConfigureAwait(false);
        return Environment.ExitCode;
    }

    private static string BindError(IPEndPoint address, string reason) =>
        $"cannot serve the Admin API on {address}: {reason}; stop the process using that port or set admin_api_addr / AMP_CONFIG_ADMIN_API_ADDR";
}
