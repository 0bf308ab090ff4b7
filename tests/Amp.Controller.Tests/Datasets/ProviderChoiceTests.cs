using Amp.Core.Storage;
using Amp.Datasets.Identity;
using Amp.Datasets.Providers;

namespace Amp.Controller.Tests.Datasets;

/// <summary>Choosing a provider for a job (Amp's find_provider) over real TOML files in a providers directory.</summary>
public sealed class ProviderChoiceTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("amp-providers-").FullName;
    private readonly ProviderStore _store;

    public ProviderChoiceTests() => _store = new ProviderStore(new LocalObjectStore(_dir));

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private async Task PutAsync(string name, string toml)
    {
        Assert.True(ProviderToml.TryRead(toml, out var values, out _));
        Assert.True(ProviderDocument.TryCreate(ProviderName.Parse(name), values, out var doc, out var error), error);
        await _store.PutAsync(doc!, CancellationToken.None);
    }

    [Fact]
    public async Task The_provider_of_the_same_kind_and_network_whose_placeholders_resolve_is_chosen()
    {
        await PutAsync("a_unset", "kind = \"evm-rpc\"\nnetwork = \"mainnet\"\nurl = \"${NOT_SET_ANYWHERE}\"\n");
        await PutAsync("b_ok", "kind = \"evm-rpc\"\nnetwork = \"mainnet\"\nurl = \"${RPC}\"\nauth_token = \"${TOKEN}\"\n");
        await PutAsync("c_other", "kind = \"evm-rpc\"\nnetwork = \"base\"\nurl = \"http://base\"\n");
        var env = new Dictionary<string, string> { ["RPC"] = "https://rpc.example", ["TOKEN"] = "t0k" };
        for (var seed = 0; seed < 8; seed++)
        {
            var choice = await _store.ChooseAsync("evm-rpc", "mainnet", k => env.GetValueOrDefault(k), new Random(seed), CancellationToken.None);
            var found = Assert.IsType<ProviderChoice.Found>(choice);
            Assert.Equal(("b_ok", "t0k"), (found.Provider.Name, found.Provider.AuthToken));
        }
        // The file keeps the placeholders.
        Assert.Contains("${TOKEN}", File.ReadAllText(Path.Combine(_dir, "b_ok.toml")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_match_names_the_network_and_the_networks_that_exist()
    {
        await PutAsync("c_other", "kind = \"evm-rpc\"\nnetwork = \"base\"\nurl = \"http://base\"\n");
        var none = Assert.IsType<ProviderChoice.None>(await _store.ChooseAsync("evm-rpc", "anvil", _ => null, new Random(1), CancellationToken.None));
        Assert.Contains("network 'anvil'", none.Message, StringComparison.Ordinal);
        Assert.Contains("'base'", none.Message, StringComparison.Ordinal);
        await PutAsync("d_unset", "kind = \"evm-rpc\"\nnetwork = \"anvil\"\nurl = \"${NOPE}\"\n");
        var unresolved = Assert.IsType<ProviderChoice.None>(await _store.ChooseAsync("evm-rpc", "anvil", _ => null, new Random(1), CancellationToken.None));
        Assert.Contains("'NOPE' is not set", unresolved.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_hand_edited_invalid_file_is_reported_not_listed()
    {
        await File.WriteAllTextAsync(Path.Combine(_dir, "broken.toml"), "kind = \"evm-rpc\"\nnetwork = \"x\"\nurl = \"http://x\"\nbogus = 1\n");
        var (doc, error) = await _store.GetAsync(ProviderName.Parse("broken"), CancellationToken.None);
        Assert.Null(doc);
        Assert.Contains("unknown provider key 'bogus'", error, StringComparison.Ordinal);
        Assert.Empty(await _store.ListAsync(CancellationToken.None));
    }
}
