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
        manifest.Subcommands.Add(Register(host));
        manifest.Subcommands.Add(List(host));
        manifest.Subcommands.Add(Inspect(host));
        manifest.Subcommands.Add(Remove(host));
        manifest.Subcommands.Add(Prune(host));
        return manifest;
    }

    private static Command Register(CliHost host)
    {
        var common = new CommonOptions(host);
        var path = RegistryArguments.ExistingFile("PATH", "The manifest JSON file");
        var command = new Command("register", "Store a manifest without linking it to a dataset; prints its hash") { path };
        common.AddTo(command);
        common.SetClientAction(command, async ctx =>
        {
            if (RegistryArguments.ReadJson(ctx.Get(path)!, ctx) is not { } manifest)
                return ExitCodes.Failure;
            var result = await ctx.Client.RegisterManifestAsync(manifest, ctx.Ct).ConfigureAwait(false);
            if (!result.IsSuccess)
                return ctx.Fail(result.Error);
            if (ctx.Json)
                ctx.Output.WriteJson(result.RawJson);
            else
                ctx.Output.WriteText($"{Marks.Ok(ctx.Output.UseColour)} Manifest registered successfully\n→ Manifest hash: {result.Value.Hash}\n");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command List(CliHost host)
    {
        var common = new CommonOptions(host);
        var command = new Command("list", "List stored manifests with their kind and how many datasets link them");
        command.Aliases.Add("ls");
        common.AddTo(command);
        common.SetClientAction(command, async ctx =>
        {
            var result = await ctx.Client.ListManifestsAsync(ctx.Ct).ConfigureAwait(false);
            if (!result.IsSuccess)
                return ctx.Fail(result.Error);
            if (ctx.Json)
                ctx.Output.WriteJson(result.RawJson);
            else if (result.Value.Manifests.Count == 0)
                ctx.Output.WriteText("No manifests found\n");
            else
                ctx.Output.WriteText("Manifests:\n" + string.Concat(result.Value.Manifests.Select(m => $"  {m.Hash} - {m.Kind}, {m.DatasetCount} dataset(s)\n")));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Inspect(CliHost host)
    {
        var common = new CommonOptions(host);
        var hash = RegistryArguments.Hash();
        var command = new Command("inspect", "Print a stored manifest (pretty; --json prints the stored canonical bytes)") { hash };
        command.Aliases.Add("get");
        common.AddTo(command);
        common.SetClientAction(command, async ctx =>
        {
            var result = await ctx.Client.GetManifestAsync(ctx.Get(hash), ctx.Ct).ConfigureAwait(false);
            if (!result.IsSuccess)
                return ctx.Fail(result.Error);
            ctx.Output.WriteText(ctx.Json ? result.RawJson + "\n" : PrettyJson.Format(result.RawJson));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Remove(CliHost host)
    {
        var common = new CommonOptions(host);
        var hash = RegistryArguments.Hash();
        var command = new Command("rm", "Delete a manifest no dataset links") { hash };
        command.Aliases.Add("remove");
        common.AddTo(command);
        common.SetClientAction(command, async ctx =>
        {
            var result = await ctx.Client.RemoveManifestAsync(ctx.Get(hash), ctx.Ct).ConfigureAwait(false);
            if (!result.IsSuccess)
                return ctx.Fail(result.Error);
            if (ctx.Json)
                ctx.Output.WriteJson(JsonText.Write(w => { w.WriteStartObject(); w.WriteString("hash", result.Value.Hash); w.WriteEndObject(); }));
            else
                ctx.Output.WriteText($"{Marks.Ok(ctx.Output.UseColour)} Manifest deleted successfully\n");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Prune(CliHost host)
    {
        var common = new CommonOptions(host);
        var command = new Command("prune", "Delete every manifest no dataset links");
        common.AddTo(command);
        common.SetClientAction(command, async ctx =>
        {
            var result = await ctx.Client.PruneManifestsAsync(ctx.Ct).ConfigureAwait(false);
            if (!result.IsSuccess)
                return ctx.Fail(result.Error);
            if (ctx.Json)
                ctx.Output.WriteJson(result.RawJson);
            else
                ctx.Output.WriteText($"{Marks.Ok(ctx.Output.UseColour)} Pruned {result.Value.DeletedCount} orphaned manifest(s)\n");
            return ExitCodes.Ok;
        });
        return command;
    }
}
