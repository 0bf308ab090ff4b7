using System.CommandLine;
using System.Globalization;
using System.Text;
using Amp.AdminClient.Tables;
using Amp.Datasets.Identity;
using Ampctl.Commands.Tables;
using Ampctl.Output;

namespace Ampctl.Commands.Registry;

/// <summary>
/// <c>ampctl dataset restore REFERENCE [--table NAME [--location-id N]]</c>: rebuild the file index of a dataset version
/// (every table, or one) from the segment files in the data directory, or make revision N a table's active one.
/// </summary>
internal static class DatasetRestoreCommand
{
    public static Command Create(CliHost host)
    {
        var reference = RegistryArguments.Reference();
        var table = TableArguments.TableOption();
        var location = new Option<long?>("--location-id") { Description = "Activate this existing revision of --table instead of reading storage", HelpName = "ID" };
        location.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<long?>() is <= 0)
                r.AddError("--location-id must be a positive revision id (see 'ampctl table list')");
        });
        var command = Leaf.Create(host, "restore", null,
            "Restore a dataset version's tables from the data directory: register revisions and segment files from their footers, and activate a revision per table",
            [reference, table, location], async ctx =>
            {
                var dataset = ctx.Get(reference)!;
                if (ctx.Get(table) is { } name)
                {
                    var one = await ctx.Client.RestoreTableAsync(dataset, name, ctx.Get(location), ctx.Ct).ConfigureAwait(false);
                    if (!one.IsSuccess)
                        return ctx.Fail(one.Error);
                    if (ctx.Json)
                    {
                        ctx.Output.WriteJson(JsonText.Write(w =>
                        {
                            w.WriteStartObject();
                            w.WriteString("table", one.Value.Table);
                            if (one.Value.LocationId is { } id)
                                w.WriteNumber("location_id", id);
                            w.WriteEndObject();
                        }));
                    }
                    else
                    {
                        ctx.Output.WriteText($"{Marks.Ok(ctx.Output.UseColour)} Table '{one.Value.Table}' restored successfully\n" +
                            (one.Value.LocationId is { } id ? $"→ Activated location_id: {id}\n" : ""));
                    }
                    return ExitCodes.Ok;
                }
                return Leaf.Show(ctx, await ctx.Client.RestoreDatasetAsync(dataset, ctx.Ct).ConfigureAwait(false), restored => Text(restored, ctx.Output.UseColour));
            });
        command.Validators.Add(r =>
        {
            if (r.GetValue(location) is not null && r.GetValue(table) is null)
                r.AddError("--location-id needs --table: it activates a revision of one table");
        });
        return command;
    }

    private static string Text(DatasetRestored restored, bool colour)
    {
        var text = new StringBuilder($"{Marks.Ok(colour)} Dataset restored successfully\n→ Restored {restored.Tables.Count} table(s):\n");
        foreach (var t in restored.Tables)
        {
            text.Append(CultureInfo.InvariantCulture, $"  • {t.TableName} (location_id: {t.LocationId}, url: {t.Url})\n");
            text.Append(CultureInfo.InvariantCulture, $"    {t.FilesFound} file(s) in {t.Revisions} revision(s), {t.FilesRegistered} newly registered\n");
            foreach (var skipped in t.FilesSkipped ?? [])
                text.Append(CultureInfo.InvariantCulture, $"    {Marks.Warn(colour)} skipped {skipped.Path}: {skipped.Reason}\n");
        }
        return text.ToString();
    }
}
