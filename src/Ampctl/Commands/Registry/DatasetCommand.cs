using System.CommandLine;
using System.Globalization;
using System.Text;
using Amp.AdminClient.Datasets;
using Amp.Datasets.Identity;
using Ampctl.Output;

namespace Ampctl.Commands.Registry;

/// <summary>
/// <c>ampctl dataset</c> (alias <c>datasets</c>): register, deploy, list, inspect, versions, manifest, rm, with Amp's
/// names, aliases and flags. Each is a thin client of the Admin API.
/// </summary>
internal static class DatasetCommand
{
    public static Command Create(CliHost host)
    {
        var dataset = new Command("dataset", "Register, deploy, list and inspect datasets");
        dataset.Aliases.Add("datasets");
        dataset.Subcommands.Add(Register(host));
        dataset.Subcommands.Add(DatasetDeployCommand.Create(host));
        dataset.Subcommands.Add(List(host));
        dataset.Subcommands.Add(Inspect(host));
        dataset.Subcommands.Add(Versions(host));
        dataset.Subcommands.Add(Manifest(host));
        dataset.Subcommands.Add(Remove(host));
        return dataset;
    }

    private static Command Register(CliHost host)
    {
        var common = new CommonOptions(host);
        var fqn = RegistryArguments.Fqn();
        var file = RegistryArguments.ExistingFile("FILE", "The manifest JSON file (see 'ampctl manifest generate')");
        var tag = new Option<DatasetVersion?>("--tag", "-t")
        {
            Description = "Tag this registration with a semantic version, e.g. 1.0.0 (moves 'latest' when it is the highest)",
            HelpName = "VERSION",
            CustomParser = r =>
            {
                if (DatasetVersion.TryParse(r.Tokens.Count > 0 ? r.Tokens[0].Value : null, out var v, out var e))
                    return v;
                r.AddError(e);
                return null;
            },
        };
        var command = new Command("register", "Register a dataset from a manifest file; moves 'dev', and with --tag a version") { fqn, file, tag };
        command.Aliases.Add("reg");
        common.AddTo(command);
        common.SetClientAction(command, async ctx =>
        {
            if (RegistryArguments.ReadJson(ctx.Get(file)!, ctx) is not { } manifest)
                return ExitCodes.Failure;
            var result = await ctx.Client.RegisterDatasetAsync(ctx.Get(fqn), ctx.Get(tag), manifest, ctx.Ct).ConfigureAwait(false);
            if (!result.IsSuccess)
                return ctx.Fail(result.Error);
            if (ctx.Json)
            {
                ctx.Output.WriteJson(result.RawJson);
                return ExitCodes.Ok;
            }
            var d = result.Value;
            var text = new StringBuilder($"{Marks.Ok(ctx.Output.UseColour)} Dataset registered successfully\n");
            text.Append(CultureInfo.InvariantCulture, $"  Namespace: {d.Namespace}\n  Name: {d.Name}\n");
            if (d.Version is not null)
                text.Append(CultureInfo.InvariantCulture, $"  Version: {d.Version}\n");
            text.Append(CultureInfo.InvariantCulture, $"  Hash: {d.ManifestHash}\n  Kind: {d.Kind}\n  Network: {d.Network}\n  Start block: {d.StartBlock}\n");
            text.Append(CultureInfo.InvariantCulture, $"  Finalized only: {(d.FinalizedBlocksOnly ? "true" : "false")}\n  Tables: {string.Join(", ", d.Tables)}\n");
            ctx.Output.WriteText(text.ToString());
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command List(CliHost host)
    {
        var common = new CommonOptions(host);
        var command = new Command("list", "List datasets with their versions");
        command.Aliases.Add("ls");
        common.AddTo(command);
        common.SetClientAction(command, async ctx =>
        {
            var result = await ctx.Client.ListDatasetsAsync(ctx.Ct).ConfigureAwait(false);
            if (!result.IsSuccess)
                return ctx.Fail(result.Error);
            if (ctx.Json)
                ctx.Output.WriteJson(result.RawJson);
            else if (result.Value.Datasets.Count == 0)
                ctx.Output.WriteText("No datasets found\n");
            else
                ctx.Output.WriteText("Datasets:\n" + string.Concat(result.Value.Datasets.Select(d =>
                    $"  {d.Namespace}/{d.Name} - {d.Versions.Count} version(s){(d.LatestVersion is null ? "" : $", latest {d.LatestVersion}")}\n")));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Inspect(CliHost host)
    {
        var common = new CommonOptions(host);
        var reference = RegistryArguments.Reference();
        var command = new Command("inspect", "Show one dataset version: manifest hash, kind, network, start block, tables") { reference };
        command.Aliases.Add("get");
        common.AddTo(command);
        common.SetClientAction(command, async ctx =>
        {
            var result = await ctx.Client.GetDatasetAsync(ctx.Get(reference)!, ctx.Ct).ConfigureAwait(false);
            if (!result.IsSuccess)
                return ctx.Fail(result.Error);
            if (ctx.Json)
            {
                ctx.Output.WriteJson(result.RawJson);
                return ExitCodes.Ok;
            }
            var d = result.Value;
            ctx.Output.WriteText(string.Create(CultureInfo.InvariantCulture,
                $"Namespace: {d.Namespace}\nName: {d.Name}\nRevision: {d.Revision}\nKind: {d.Kind}\nNetwork: {d.Network}\nManifest Hash: {d.ManifestHash}\n" +
                $"Start Block: {d.StartBlock}\nFinalized Blocks Only: {(d.FinalizedBlocksOnly ? "true" : "false")}\nTables: {string.Join(", ", d.Tables)}\n"));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Versions(CliHost host)
    {
        var common = new CommonOptions(host);
        var fqn = RegistryArguments.Fqn();
        var command = new Command("versions", "List a dataset's versions, highest first, with its latest and dev tags") { fqn };
        common.AddTo(command);
        common.SetClientAction(command, async ctx =>
        {
            var result = await ctx.Client.ListDatasetVersionsAsync(ctx.Get(fqn), ctx.Ct).ConfigureAwait(false);
            if (!result.IsSuccess)
                return ctx.Fail(result.Error);
            if (ctx.Json)
            {
                ctx.Output.WriteJson(result.RawJson);
                return ExitCodes.Ok;
            }
            var v = result.Value;
            var text = new StringBuilder($"Dataset: {v.Namespace}/{v.Name}\n");
            text.Append(CultureInfo.InvariantCulture, $"Latest version: {v.SpecialTags.Latest ?? "none"}\nDev hash: {v.SpecialTags.Dev ?? "none"}\n");
            foreach (var version in v.Versions)
                text.Append(CultureInfo.InvariantCulture, $"  {version.Version} ({version.ManifestHash})\n    Created: {version.CreatedAt}\n    Updated: {version.UpdatedAt}\n");
            ctx.Output.WriteText(text.ToString());
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Manifest(CliHost host)
    {
        var common = new CommonOptions(host);
        var reference = RegistryArguments.Reference();
        var command = new Command("manifest", "Print a dataset version's canonical manifest") { reference };
        common.AddTo(command);
        common.SetClientAction(command, async ctx =>
        {
            var result = await ctx.Client.GetDatasetManifestAsync(ctx.Get(reference)!, ctx.Ct).ConfigureAwait(false);
            if (!result.IsSuccess)
                return ctx.Fail(result.Error);
            if (ctx.Json)
                ctx.Output.WriteJson(result.RawJson);
            else
                ctx.Output.WriteText(PrettyJson.Format(result.RawJson));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Remove(CliHost host)
    {
        var common = new CommonOptions(host);
        var fqn = RegistryArguments.Fqn();
        var command = new Command("rm", "Remove a dataset: unlink its manifests (with their tags) and delete manifests no other dataset uses") { fqn };
        command.Aliases.Add("remove");
        common.AddTo(command);
        common.SetClientAction(command, async ctx =>
        {
            var dataset = ctx.Get(fqn);
            var result = await ctx.Client.RemoveDatasetAsync(dataset, ctx.Ct).ConfigureAwait(false);
            if (!result.IsSuccess)
                return ctx.Fail(result.Error);
            if (ctx.Json)
                ctx.Output.WriteJson(JsonText.Write(w => { w.WriteStartObject(); w.WriteString("dataset", dataset.ToString()); w.WriteEndObject(); }));
            else
                ctx.Output.WriteText($"{Marks.Ok(ctx.Output.UseColour)} Dataset {dataset} removed\n");
            return ExitCodes.Ok;
        });
        return command;
    }
}
