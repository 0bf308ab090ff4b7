using System.Text.Json.Nodes;

namespace Amp.Testing;

/// <summary>What anvil itself says its chain holds, block by block (read in JSON-RPC batches of 100 blocks).</summary>
public sealed record AnvilFacts(ulong Head, long Transactions, long Logs, IReadOnlyList<string> Hashes)
{
    private const ulong BatchBlocks = 100;

    public static async Task<AnvilFacts> ReadAsync(Anvil anvil)
    {
        var head = await anvil.BlockNumberAsync();
        long transactions = 0, logs = 0;
        var hashes = new List<string>();
        for (ulong first = 0; first <= head; first += BatchBlocks)
        {
            var last = Math.Min(head, first + BatchBlocks - 1);
            var calls = new List<(string, JsonNode?[])>();
            for (var n = first; n <= last; n++)
            {
                calls.Add(("eth_getBlockByNumber", [Anvil.Hex(n), true]));
                calls.Add(("eth_getBlockReceipts", [Anvil.Hex(n)]));
            }
            var answers = await anvil.BatchAsync(calls);
            for (var i = 0; i < answers.Count; i += 2)
            {
                var block = answers[i]!;
                hashes.Add(block["hash"]!.GetValue<string>());
                transactions += block["transactions"]!.AsArray().Count;
                logs += answers[i + 1]!.AsArray().Sum(r => r!["logs"]!.AsArray().Count);
            }
        }
        return new AnvilFacts(head, transactions, logs, hashes);
    }
}
