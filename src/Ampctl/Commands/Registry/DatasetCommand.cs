using System.CommandLine;
using System.Globalization;
using System.Text;
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
        dataset.Subcommands.Add(DatasetRestoreCommand.Create(host));
        return dataset;
    }

    private static Command Register(CliHost host)
    {
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
        return Leaf.Create(host, "register", "reg", "Register a dataset from a manifest file; moves 'dev', and with --tag a version", [fqn, file, tag], async ctx =>
        {
            if (RegistryArguments.ReadJson(ctx.Get(file)!, ctx) is not { } manifest)
                return ExitCodes.Failure;
            var result = await ctx.Client.RegisterDatasetAsync(ctx.Get(fqn), ctx.Get(tag), manifest, ctx.Ct).ConfigureAwait(false);
            return Leaf.Show(ctx, result, d =>
            {
                var text = new StringBuilder($"{Marks.Ok(ctx.Output.UseColour)} Dataset registered successfully\n");
                text.Append(CultureInfo.InvariantCulture, $"  Namespace: {d.Namespace}\n  Name: {d.Name}\n");
                if (d.Version is not null)
                    text.Append(CultureInfo.InvariantCulture, $"  Version: {d.Version}\n");
                text.Append(CultureInfo.InvariantCulture, $"  Hash: {d.ManifestHash}\n  Kind: {d.Kind}\n  Network: {d.Network}\n  Start block: {d.StartBlock}\n");
                text.Append(CultureInfo.InvariantCulture, $"  Finalized only: {(d.FinalizedBlocksOnly ? "true" : "false")}\n  Tables: {string.Join(", ", d.Tables)}\n");
                return text.ToString();
            });
        });
    }

    private static Command List(CliHost host) =>
        Leaf.Create(host, "list", "ls", "List datasets with their versions", [], async ctx =>
            Leaf.Show(ctx, await ctx.Client.ListDatasetsAsync(ctx.Ct).ConfigureAwait(false), list => list.Datasets.Count == 0
                ? "No datasets found\n"
                : "Datasets:\n" + string.Concat(list.Datasets.Select(d =>
                    $"  {d.Namespace}/{d.Name} - {d.Versions.Count} version(s){(d.LatestVersion is null ? "" : $", latest {d.LatestVersion}")}\n"))));

    private static Command Inspect(CliHost host)
    {
        var reference = RegistryArguments.Reference();
        return Leaf.Create(host, "inspect", "get", "Show one dataset version: manifest hash, kind, network, start block, tables", [reference], async ctx =>
            Leaf.Show(ctx, await ctx.Client.GetDatasetAsync(ctx.Get(reference)!, ctx.Ct).ConfigureAwait(false), d => string.Create(CultureInfo.InvariantCulture,
                $"Namespace: {d.Namespace}\nName: {d.Name}\nRevision: {d.Revision}\nKind: {d.Kind}\nNetwork: {d.Network}\nManifest Hash: {d.ManifestHash}\n" +
                $"Start Block: {d.StartBlock}\nFinalized Blocks Only: {(d.FinalizedBlocksOnly ? "true" : "false")}\nTables: {string.Join(", ", d.Tables)}\n")));
    }

    private static Command Versions(CliHost host)
    {
        var fqn = RegistryArguments.Fqn();
        return Leaf.Create(host, "versions", null, "List a dataset's versions, highest first, with its latest and dev tags", [fqn], async ctx =>
            Leaf.Show(ctx, await ctx.Client.ListDatasetVersionsAsync(ctx.Get(fqn), ctx.Ct).ConfigureAwait(false), v =>
            {
                var text = new StringBuilder($"Dataset: {v.Namespace}/{v.Name}\n");
                text.Append(CultureInfo.InvariantCulture, $"Latest version: {v.SpecialTags.Latest ?? "none"}\nDev hash: {v.SpecialTags.Dev ?? "none"}\n");
                foreach (var version in v.Versions)
                    text.Append(CultureInfo.InvariantCulture, $"  {version.Version} ({version.ManifestHash})\n    Created: {version.CreatedAt}\n    Updated: {version.UpdatedAt}\n");
                return text.ToString();
            }));
    }

    private static Command Manifest(CliHost host)
    {
        var reference = RegistryArguments.Reference();
        return Leaf.Create(host, "manifest", null, "Print a dataset version's canonical manifest", [reference], async ctx =>
        {
            var result = await ctx.Client.GetDatasetManifestAsync(ctx.Get(reference)!, ctx.Ct).ConfigureAwait(false);
            return Leaf.Show(ctx, result, _ => PrettyJson.Format(result.RawJson!));
        });
    }

    private static Command Remove(CliHost host)
    {
        var fqn = RegistryArguments.Fqn();
        return Leaf.Create(host, "rm", "remove", "Remove a dataset: unlink its manifests (with their tags) and delete manifests no other dataset uses", [fqn], async ctx =>
        {
            var dataset = ctx.Get(fqn);
            return Leaf.Done(ctx, await ctx.Client.RemoveDatasetAsync(dataset, ctx.Ct).ConfigureAwait(false), "dataset", dataset.ToString(), $"Dataset {dataset} removed");
        });
    }
}
