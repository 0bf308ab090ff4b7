
namespace Amp.Testing;

/// <summary>What anvil itself says its chain holds, block by block.</summary>
public sealed record AnvilFacts(ulong Head, long Transactions, long Logs, IReadOnlyList<string> Hashes)
{
    public static async Task<AnvilFacts> ReadAsync(Anvil anvil)
    {
        var head = await anvil.BlockNumberAsync();
        long transactions = 0, logs = 0;
        var hashes = new List<string>();
        for (ulong n = 0; n <= head; n++)
        {
            var block = await anvil.BlockAsync(n);
            hashes.Add(block["hash"]!.GetValue<string>());
            transactions += block["transactions"]!.AsArray().Count;
            logs += (await anvil.BlockReceiptsAsync(n)).Sum(r => r!["logs"]!.AsArray().Count);
        }
        return new AnvilFacts(head, transactions, logs, hashes);
    }
}
