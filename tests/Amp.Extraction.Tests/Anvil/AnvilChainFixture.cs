using System.Text.Json.Nodes;
using Amp.Testing;

namespace Amp.Extraction.Tests.Anvil;

/// <summary>One anvil (HTTP and IPC) with a generated chain, and what anvil itself reports about every block.</summary>
public sealed class AnvilChainFixture : IAsyncLifetime
{
    public const int Blocks = 30;

    public Amp.Testing.Anvil Node { get; private set; } = null!;

    public GeneratedChain Chain { get; private set; } = null!;

    /// <summary>Per block number: anvil's block (full transactions) and its receipts.</summary>
    public List<(JsonObject Block, JsonArray Receipts)> Expected { get; } = [];

    public async Task InitializeAsync()
    {
        Node = await Amp.Testing.Anvil.StartAsync(ipc: true);
        Chain = await AnvilChain.GenerateAsync(Node, Blocks);
        for (ulong n = 0; n <= Chain.Head; n++)
            Expected.Add((await Node.BlockAsync(n), await Node.BlockReceiptsAsync(n)));
    }

    public async Task DisposeAsync()
    {
        if (Node is not null)
            await Node.DisposeAsync();
    }
}
