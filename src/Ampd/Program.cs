using System.CommandLine;
using Ampd.Commands;
using Ampd.Hosting;

ExtractionMeterExport.ExcludeFromDefaultAdapter();

var root = new RootCommand("ampd: the Amp daemon (solo, controller, worker, server, migrate)")
{
    SoloCommand.Create(),
    ServerCommand.Create(),
    ControllerCommand.Create(),
    WorkerCommand.Create(),
    MigrateCommand.Create(),
    VersionCommand.Create(),
};

var parse = root.Parse(CommonOptions.HoistGlobalOptions(args));
if (parse.Errors.Count > 0)
{
    foreach (var error in parse.Errors)
        Console.Error.WriteLine($"error: {error.Message}");
    Console.Error.WriteLine("Run 'ampd --help' for usage.");
    return ExitCodes.Usage;
}
try
{
    return await parse.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null, EnableDefaultExceptionHandler = false }).ConfigureAwait(false);
}
catch (Exception ex)
{
    // Last resort: one line, no stack trace. Set AMP_LOG_LEVEL=debug (or AMP_LOG=debug) to see more in the logs.
    Console.Error.WriteLine($"error: {ex.GetType().Name}: {ex.Message}");
    if (Ampd.Configuration.LogLevelSetting.Current() <= Microsoft.Extensions.Logging.LogLevel.Debug)
        Console.Error.WriteLine(ex);
    return ExitCodes.Failure;
}
