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

        provider.Subcommands.Add(Leaf.Create(host, "list", "ls", "List providers (secrets masked)", [], async ctx =>
            Leaf.Show(ctx, await ctx.Client.ListProvidersAsync(ctx.Ct).ConfigureAwait(false), list => list.Providers.Count == 0
                ? "No providers found\n"
                : "Providers:\n" + string.Concat(list.Providers.Select(p => $"  {p["name"]} ({p["kind"]}, network {p["network"]})\n")))));

        var inspected = RegistryArguments.Provider("NAME");
        provider.Subcommands.Add(Leaf.Create(host, "inspect", null, "Show one provider (secrets masked, ${VAR} placeholders as written)", [inspected], async ctx =>
        {
            var result = await ctx.Client.GetProviderAsync(ctx.Get(inspected), ctx.Ct).ConfigureAwait(false);
            return Leaf.Show(ctx, result, _ => PrettyJson.Format(result.RawJson!));
        }));

        var removed = RegistryArguments.Provider("NAME");
        provider.Subcommands.Add(Leaf.Create(host, "rm", "remove", "Delete a provider", [removed], async ctx =>
            Leaf.Done(ctx, await ctx.Client.RemoveProviderAsync(ctx.Get(removed), ctx.Ct).ConfigureAwait(false), "name", ctx.Get(removed).Value, "Provider deleted successfully")));
        return provider;
    }

    private static Command Register(CliHost host)
    {
        var name = RegistryArguments.Provider("PROVIDER_NAME");
        var file = RegistryArguments.ExistingFile("FILE", "The provider's TOML file (kind, network, url, …)");
        return Leaf.Create(host, "register", null, "Register (or replace) a provider from a TOML file", [name, file], async ctx =>
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
            return Leaf.Done(ctx, result, "name", ctx.Get(name).Value, "Provider registered successfully");
        });
    }
}
