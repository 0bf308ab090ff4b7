using System.CommandLine;
using Ampctl.Output;

namespace Ampctl.Commands.Registry;

/// <summary><c>ampctl manifest</c> (alias <c>manifests</c>): generate, register, list, inspect, rm, prune.</summary>
internal static class ManifestCommand
{
    public static Command Create(CliHost host)
    {
        var manifest = new Command("manifest", "Generate, register, list, inspect and delete dataset manifests");
        manifest.Aliases.Add("manifests");
        manifest.Subcommands.Add(ManifestGenerateCommand.Create(host));

        var path = RegistryArguments.ExistingFile("PATH", "The manifest JSON file");
        manifest.Subcommands.Add(Leaf.Create(host, "register", null, "Store a manifest without linking it to a dataset; prints its hash", [path], async ctx =>
            RegistryArguments.ReadJson(ctx.Get(path)!, ctx) is not { } json
                ? ExitCodes.Failure
                : Leaf.Show(ctx, await ctx.Client.RegisterManifestAsync(json, ctx.Ct).ConfigureAwait(false),
                    m => $"{Marks.Ok(ctx.Output.UseColour)} Manifest registered successfully\n→ Manifest hash: {m.Hash}\n")));

        manifest.Subcommands.Add(Leaf.Create(host, "list", "ls", "List stored manifests with their kind and how many datasets link them", [], async ctx =>
            Leaf.Show(ctx, await ctx.Client.ListManifestsAsync(ctx.Ct).ConfigureAwait(false), list => list.Manifests.Count == 0
                ? "No manifests found\n"
                : "Manifests:\n" + string.Concat(list.Manifests.Select(m => $"  {m.Hash} - {m.Kind}, {m.DatasetCount} dataset(s)\n")))));

        var inspected = RegistryArguments.Hash();
        var inspect = Leaf.Create(host, "inspect", "get", "Print a stored manifest (pretty; --json prints the stored canonical bytes)", [inspected], async ctx =>
        {
            var result = await ctx.Client.GetManifestAsync(ctx.Get(inspected), ctx.Ct).ConfigureAwait(false);
            return Leaf.Show(ctx, result, _ => PrettyJson.Format(result.RawJson!));
        });
        manifest.Subcommands.Add(inspect);

        var removed = RegistryArguments.Hash();
        manifest.Subcommands.Add(Leaf.Create(host, "rm", "remove", "Delete a manifest no dataset links", [removed], async ctx =>
            Leaf.Done(ctx, await ctx.Client.RemoveManifestAsync(ctx.Get(removed), ctx.Ct).ConfigureAwait(false), "hash", ctx.Get(removed).Value, "Manifest deleted successfully")));

        manifest.Subcommands.Add(Leaf.Create(host, "prune", null, "Delete every manifest no dataset links", [], async ctx =>
            Leaf.Show(ctx, await ctx.Client.PruneManifestsAsync(ctx.Ct).ConfigureAwait(false),
                p => $"{Marks.Ok(ctx.Output.UseColour)} Pruned {p.DeletedCount} orphaned manifest(s)\n")));
        return manifest;
    }
}
