using System.CommandLine;
using System.Text.Json.Nodes;
using Amp.Datasets.Providers;
using Ampctl.Output;

namespace Ampctl.Commands.Registry;

/// <summary><c>ampctl provider</c> (alias <c>providers</c>): register NAME FILE.toml, list, inspect, rm.</summary>
internal static class ProviderCommand
{
    public static Command Create(CliHost host)
    {
        var provider = new Command("provider", "Register, list, inspect and delete data providers (EVM JSON-RPC endpoints)");
        provider.Aliases.Add("providers");
        provider.Subcommands.Add(Register(host));
        provider.Subcommands.Add(List(host));
        provider.Subcommands.Add(Inspect(host));
        provider.Subcommands.Add(Remove(host));
        return provider;
    }

    private static Command Register(CliHost host)
    {
        var common = new CommonOptions(host);
        var name = RegistryArguments.Provider("PROVIDER_NAME");
        var file = RegistryArguments.ExistingFile("FILE", "The provider's TOML file (kind, network, url, …)");
        var command = new Command("register", "Register (or replace) a provider from a TOML file") { name, file };
        common.AddTo(command);
        common.SetClientAction(command, async ctx =>
        {
            var path = ctx.Get(file)!.FullName;
            if (!ProviderToml.TryRead(File.ReadAllText(path), out var values, out var error))
            {
                ctx.Output.Errors.Write($"cannot read '{path}': {error}");
                return ExitCodes.Failure;
            }
            var config = new JsonObject();
            foreach (var (key, value) in values)
                config[key] = value switch
                {
                    string s => s,
                    long l => l,
                    bool b => b,
                    _ => value?.ToString(),
                };
            var result = await ctx.Client.RegisterProviderAsync(ctx.Get(name), config, ctx.Ct).ConfigureAwait(false);
            if (!result.IsSuccess)
                return ctx.Fail(result.Error);
            if (ctx.Json)
                ctx.Output.WriteJson(JsonText.Write(w => { w.WriteStartObject(); w.WriteString("name", ctx.Get(name).Value); w.WriteEndObject(); }));
            else
                ctx.Output.WriteText($"{Marks.Ok(ctx.Output.UseColour)} Provider registered successfully\n");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command List(CliHost host)
    {
        var common = new CommonOptions(host);
        var command = new Command("list", "List providers (secrets masked)");
        command.Aliases.Add("ls");
        common.AddTo(command);
        common.SetClientAction(command, async ctx =>
        {
            var result = await ctx.Client.ListProvidersAsync(ctx.Ct).ConfigureAwait(false);
            if (!result.IsSuccess)
                return ctx.Fail(result.Error);
            if (ctx.Json)
                ctx.Output.WriteJson(result.RawJson);
            else if (result.Value.Providers.Count == 0)
                ctx.Output.WriteText("No providers found\n");
            else
                ctx.Output.WriteText("Providers:\n" + string.Concat(result.Value.Providers.Select(p => $"  {p["name"]} ({p["kind"]}, network {p["network"]})\n")));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Inspect(CliHost host)
    {
        var common = new CommonOptions(host);
        var name = RegistryArguments.Provider("NAME");
        var command = new Command("inspect", "Show one provider (secrets masked, ${VAR} placeholders as written)") { name };
        common.AddTo(command);
        common.SetClientAction(command, async ctx =>
        {
            var result = await ctx.Client.GetProviderAsync(ctx.Get(name), ctx.Ct).ConfigureAwait(false);
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
        var name = RegistryArguments.Provider("NAME");
        var command = new Command("rm", "Delete a provider") { name };
        command.Aliases.Add("remove");
        common.AddTo(command);
        common.SetClientAction(command, async ctx =>
        {
            var result = await ctx.Client.RemoveProviderAsync(ctx.Get(name), ctx.Ct).ConfigureAwait(false);
            if (!result.IsSuccess)
                return ctx.Fail(result.Error);
            if (ctx.Json)
                ctx.Output.WriteJson(JsonText.Write(w => { w.WriteStartObject(); w.WriteString("name", result.Value.Name); w.WriteEndObject(); }));
            else
                ctx.Output.WriteText($"{Marks.Ok(ctx.Output.UseColour)} Provider deleted successfully\n");
            return ExitCodes.Ok;
        });
        return command;
    }
}
