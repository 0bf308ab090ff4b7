using System.CommandLine;
using Ampctl.Output;
using Ampctl.Output.Workers;

namespace Ampctl.Commands.Workers;

/// <summary>
/// <c>ampctl worker export [--format csv|json] [--output FILE]</c>: the inventory from one <c>GET /workers</c>
/// (one consistent snapshot), to stdout or atomically to a file. <c>--json</c> exports the API's body itself.
/// </summary>
internal static class WorkerExportCommand
{
    public static Command Create(CliHost host)
    {
        var common = new CommonOptions(host, "Export the Admin API's JSON response itself, on one line (instead of --format)", outputFormat: false);
        var format = new Option<ExportFormat?>("--format", "-f")
        {
            Description = "csv (RFC 4180, with a header row) or json (an array of objects) (default: csv)",
            HelpName = "FORMAT",
            CustomParser = result =>
            {
                var raw = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
                switch (raw.Trim().ToLowerInvariant())
                {
                    case "csv": return ExportFormat.Csv;
                    case "json": return ExportFormat.Json;
                    default:
                        result.AddError($"invalid --format '{raw}': expected csv or json");
                        return null;
                }
            },
        };
        format.CompletionSources.Add("csv", "json");
        var output = new Option<string?>("--output", "-o")
        {
            Description = "Write to this file (replaced atomically) instead of stdout",
            HelpName = "FILE",
        };

        var command = new Command("export", "Export the worker inventory (status, build, timestamps, restarts) as CSV or JSON");
        command.Options.Add(format);
        command.Options.Add(output);
        common.AddTo(command);
        command.Validators.Add(result =>
        {
            if (result.GetResult(format) is not null && result.GetResult(common.Json) is { Implicit: false })
                result.AddError("--json exports the Admin API's response as is; it cannot be combined with --format");
            if (result.GetResult(output) is not null && string.IsNullOrWhiteSpace(result.GetValue(output)))
                result.AddError("invalid --output '': expected a file path");
        });

        common.SetClientAction(command, async ctx =>
        {
            var result = await ctx.Client.ListWorkersAsync(ct: ctx.Ct).ConfigureAwait(false);
            if (!result.IsSuccess)
                return ctx.Fail(result.Error);
            var workers = result.Value.Workers;
            var text = ctx.Json
                ? CompactJson.Compact(result.RawJson) + "\n"
                : WorkerInventory.Render(workers, ctx.Get(format) ?? ExportFormat.Csv);
            if (ctx.Get(output) is not { } file)
            {
                ctx.Output.WriteText(text);
                return ExitCodes.Ok;
            }
            try
            {
                AtomicFile.Write(file, text);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                ctx.Output.Errors.Write($"cannot write {file}: {ex.Message}");
                return ExitCodes.Failure;
            }
            var noun = workers.Count == 1 ? "worker" : "workers";
            ctx.Output.WriteText($"{Marks.Ok(ctx.Output.UseColour)} Exported {workers.Count} {noun} to {file}\n");
            return ExitCodes.Ok;
        });
        return command;
    }
}
