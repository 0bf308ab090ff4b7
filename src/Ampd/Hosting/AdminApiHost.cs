using System.Net;
using Amp.Controller;
using Amp.MetadataDb.Connection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

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

    /// <summary>Runs the app; a port already in use is reported as one line with the fix.</summary>
    public static async Task<int> RunAsync(WebApplication app, IPEndPoint address, CancellationToken ct)
    {
        app.MapAdminApi();
        try
        {
            await app.StartAsync(ct).ConfigureAwait(false);
        }
        catch (IOException ex) when (ex.InnerException is System.Net.Sockets.SocketException || ex.Message.Contains("address", StringComparison.OrdinalIgnoreCase))
        {
            return Operator.Fail(ExitCodes.Failure,
                $"cannot serve the Admin API on {address}: {ex.Message}; stop the process using that port or set admin_api_addr / AMP_CONFIG_ADMIN_API_ADDR");
        }
        catch (OperationCanceledException)
        {
            return ExitCodes.Ok;
        }
        await app.WaitForShutdownAsync(ct).ConfigureAwait(false);
        await app.StopAsync(CancellationToken.None).ConfigureAwait(false);
        return Environment.ExitCode;
    }
}
