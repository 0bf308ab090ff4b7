using System.CommandLine;
using System.Globalization;
using System.Text;
using Amp.AdminClient.Tables;
using Amp.Datasets.Identity;
using Ampctl.Commands.Registry;
using Ampctl.Output;

namespace Ampctl.Commands.Tables;

/// <summary>
/// <c>ampctl table</c> (alias <c>tables</c>): the physical table revisions of datasets, with Amp's names and arguments —
/// register, list, get, activate, deactivate, restore. Each is a thin client of <c>/revisions</c>.
/// </summary>
internal static class TableCommand
{
    public static Command Create(CliHost host)
    {
        var table = new Command("table", "List, register, activate and restore physical table revisions");
        table.Aliases.Add("tables");
        table.Subcommands.Add(Register(host));
        table.Subcommands.Add(List(host));
        table.Subcommands.Add(Get(host));
        table.Subcommands.Add(Activate(host));
        table.Subcommands.Add(Deactivate(host));
        table.Subcommands.Add(Restore(host));
        return table;
    }

    private static Command Register(CliHost host)
    {
        var dataset = TableArguments.Dataset();
        var name = TableArguments.TableName();
        var path = new Argument<string>("PATH") { Description = "The revision directory relative to the data directory: namespace/name/table/<uuid>" };
        return Leaf.Create(host, "register", null, "Register a revision directory for a table (inactive, without files; see 'table restore')", [dataset, name, path], async ctx =>
        {
            var (d, t, p) = (ctx.Get(dataset)!, ctx.Get(name), ctx.Get(path)!);
            var result = await ctx.Client.RegisterRevisionAsync(d, t, p, ctx.Ct).ConfigureAwait(false);
            if (!result.IsSuccess)
                return ctx.Fail(result.Error);
            if (ctx.Json)
                ctx.Output.WriteJson(JsonText.Write(w =>
                {
                    w.WriteStartObject();
                    w.WriteNumber("location_id", result.Value.LocationId);
                    w.WriteString("dataset", d.ToString());
                    w.WriteString("table_name", t.Value);
                    w.WriteString("path", p);
                    w.WriteEndObject();
                }));
            else
                ctx.Output.WriteText($"{Marks.Ok(ctx.Output.UseColour)} Revision registered for table {t} in dataset {d} (location_id: {result.Value.LocationId})\n");
            return ExitCodes.Ok;
        });
    }

    private static Command List(CliHost host)
    {
        var active = new Option<bool?>("--active", "-a") { Description = "Only active (true) or inactive (false) revisions", HelpName = "true|false" };
        var limit = new Option<long?>("--limit", "-l") { Description = "At most this many revisions, newest first (the server's default is 100)", HelpName = "N" };
        limit.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<long?>() is < 0)
                r.AddError("--limit must be 0 or more");
        });
        var dataset = new Option<DatasetFqn?>("--dataset", "-d")
        {
            Description = "Only the revisions of this dataset's tables",
            HelpName = "NAMESPACE/NAME",
            CustomParser = r =>
            {
                if (DatasetFqn.TryParse(r.Tokens.Count > 0 ? r.Tokens[0].Value : null, out var fqn, out var e))
                    return fqn;
                r.AddError($"--dataset: {e}");
                return null;
            },
        };
        return Leaf.Create(host, "list", "ls", "List physical table revisions, newest first", [active, limit, dataset], async ctx =>
        {
            var result = await ctx.Client.ListRevisionsAsync(ctx.Get(active), ctx.Get(limit), ctx.Get(dataset), ctx.Ct).ConfigureAwait(false);
            if (!result.IsSuccess)
                return ctx.Fail(result.Error);
            if (ctx.Json)
            {
                ctx.Output.WriteJson("{\"revisions\":" + CompactJson(result.RawJson) + "}");
                return ExitCodes.Ok;
            }
            var text = new StringBuilder(string.Create(CultureInfo.InvariantCulture, $"Revisions ({result.Value.Count}):\n"));
            foreach (var r in result.Value)
                text.Append(CultureInfo.InvariantCulture,
                    $"  {r.Id} - {r.Metadata.DatasetNamespace}/{r.Metadata.DatasetName} {r.Metadata.TableName} [{(r.Active ? "active" : "inactive")}]\n");
            ctx.Output.WriteText(text.ToString());
            return ExitCodes.Ok;
        });
    }

    private static Command Get(CliHost host)
    {
        var id = TableArguments.LocationId();
        return Leaf.Create(host, "get", null, "Show one revision: path, whether it is active, its writer job, dataset and table", [id], async ctx =>
            Leaf.Show(ctx, await ctx.Client.GetRevisionAsync(ctx.Get(id), ctx.Ct).ConfigureAwait(false), r =>
            {
                var text = new StringBuilder(string.Create(CultureInfo.InvariantCulture, $"→ Revision {r.Id}\n  Path: {r.Path}\n  Active: {(r.Active ? "true" : "false")}\n"));
                if (r.Writer is { } writer)
                    text.Append(CultureInfo.InvariantCulture, $"  Writer: {writer}\n");
                text.Append(CultureInfo.InvariantCulture,
                    $"  Dataset: {r.Metadata.DatasetNamespace}/{r.Metadata.DatasetName}\n  Manifest: {r.Metadata.ManifestHash}\n  Table: {r.Metadata.TableName}\n");
                return text.ToString();
            }));
    }

    private static Command Activate(CliHost host)
    {
        var dataset = TableArguments.Dataset();
        var name = TableArguments.TableName();
        var id = TableArguments.LocationId();
        return Leaf.Create(host, "activate", null, "Make a revision the table's active one (queries and the next job use it)", [dataset, name, id], async ctx =>
        {
            var (d, t, l) = (ctx.Get(dataset)!, ctx.Get(name), ctx.Get(id));
            return Done(ctx, await ctx.Client.ActivateRevisionAsync(l, d, t, ctx.Ct).ConfigureAwait(false),
                $"Revision {l} activated for table {t} in dataset {d}");
        });
    }

    private static Command Deactivate(CliHost host)
    {
        var dataset = TableArguments.Dataset();
        var name = TableArguments.TableName();
        return Leaf.Create(host, "deactivate", null, "Leave a table without an active revision (it reads as missing until one is activated)", [dataset, name], async ctx =>
        {
            var (d, t) = (ctx.Get(dataset)!, ctx.Get(name));
            return Done(ctx, await ctx.Client.DeactivateRevisionsAsync(d, t, ctx.Ct).ConfigureAwait(false),
                $"Revisions deactivated for table {t} in dataset {d}");
        });
    }

    private static Command Restore(CliHost host)
    {
        var id = TableArguments.LocationId();
        return Leaf.Create(host, "restore", null, "Register the segment files found in a revision's directory (footers checked; bad files skipped)", [id], async ctx =>
        {
            var l = ctx.Get(id);
            var result = await ctx.Client.RestoreRevisionAsync(l, ctx.Ct).ConfigureAwait(false);
            if (!result.IsSuccess)
                return ctx.Fail(result.Error);
            var skipped = result.Value.FilesSkipped ?? [];
            if (ctx.Json)
            {
                ctx.Output.WriteJson(JsonText.Write(w =>
                {
                    w.WriteStartObject();
                    w.WriteNumber("location_id", l);
                    w.WriteNumber("total_files", result.Value.TotalFiles);
                    w.WriteNumber("files_registered", result.Value.FilesRegistered);
                    w.WriteStartArray("files_skipped");
                    foreach (var s in skipped)
                    {
                        w.WriteStartObject();
                        w.WriteString("path", s.Path);
                        w.WriteString("reason", s.Reason);
                        w.WriteEndObject();
                    }
                    w.WriteEndArray();
                    w.WriteEndObject();
                }));
                return ExitCodes.Ok;
            }
            var text = new StringBuilder(string.Create(CultureInfo.InvariantCulture,
                $"{Marks.Ok(ctx.Output.UseColour)} Revision {l} restored ({result.Value.TotalFiles} files, {result.Value.FilesRegistered} newly registered)\n"));
            foreach (var s in skipped)
                text.Append(CultureInfo.InvariantCulture, $"  {Marks.Warn(ctx.Output.UseColour)} skipped {s.Path}: {s.Reason}\n");
            ctx.Output.WriteText(text.ToString());
            return ExitCodes.Ok;
        });
    }

    private static int Done(CommandContext ctx, Amp.AdminClient.AdminResult<RevisionActionDone> result, string text)
    {
        if (!result.IsSuccess)
            return ctx.Fail(result.Error);
        if (ctx.Json)
            ctx.Output.WriteJson(JsonText.Write(w =>
            {
                w.WriteStartObject();
                w.WriteString("dataset", result.Value.Dataset);
                w.WriteString("table_name", result.Value.TableName);
                if (result.Value.LocationId is { } id)
                    w.WriteNumber("location_id", id);
                w.WriteEndObject();
            }));
        else
            ctx.Output.WriteText($"{Marks.Ok(ctx.Output.UseColour)} {text}\n");
        return ExitCodes.Ok;
    }

    private static string CompactJson(string raw)
    {
        using var doc = System.Text.Json.JsonDocument.Parse(raw);
        return JsonText.Write(doc.WriteTo);
    }
}
