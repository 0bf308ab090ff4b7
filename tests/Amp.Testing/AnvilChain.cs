using System.Text.Json.Nodes;

namespace Amp.Testing;

/// <summary>What <see cref="AnvilChain.GenerateAsync"/> made.</summary>
public sealed record GeneratedChain(ulong Head, string Emitter, int Transactions, int ContractCreations, int Reverts, int EmitterCalls);

/// <summary>
/// Makes a realistic small chain on a running anvil (extraction-notes.md): automine off, then per block one batch of
/// <c>eth_sendTransaction</c> from distinct dev accounts with explicit nonces and gas, then <c>evm_mine</c>.
/// Blocks hold a legacy (type 0) transfer, a type 1 call with an access list, a type 2 call, each call emitting four
/// logs (<see cref="LogEmitterContract"/>), a reverted call, every fifth block a contract creation, and every seventh
/// block is empty. Timestamps advance 12 s per block. With <c>emptyBetween</c> &gt; 0, that many empty blocks
/// (<c>anvil_mine</c>, cheap) come before each generated block from the second on, so a chain of a few thousand blocks
/// carries its transactions and logs over the whole range.
/// </summary>
public static class AnvilChain
{
    private const string GasPrice = "0x4a817c800"; // 20 gwei

    public static async Task<GeneratedChain> GenerateAsync(Anvil anvil, int blocks, int emptyBetween = 0)
    {
        var accounts = await anvil.AccountsAsync().ConfigureAwait(false);
        if (accounts.Count < 5)
            throw new ArgumentException("the chain generator needs at least 5 dev accounts", nameof(anvil));
        var nonces = new Dictionary<string, ulong>();
        foreach (var account in accounts)
            nonces[account] = Anvil.ParseHex(await anvil.CallAsync("eth_getTransactionCount", account, "pending").ConfigureAwait(false));
        await anvil.SetAutomineAsync(false).ConfigureAwait(false);
        await anvil.SetBlockTimestampIntervalAsync(12).ConfigureAwait(false);

        var deploy = Type2(accounts[4], nonces, to: null, data: LogEmitterContract.InitCode, gas: 300_000);
        var deployHash = (await MineBlockAsync(anvil, [deploy]).ConfigureAwait(false))[0];
        var receipt = (await anvil.CallAsync("eth_getTransactionReceipt", deployHash).ConfigureAwait(false))!;
        var emitter = receipt["contractAddress"]!.GetValue<string>();
        int transactions = 1, creations = 1, reverts = 0, calls = 0;

        for (var i = 2; i <= blocks; i++)
        {
            if (emptyBetween > 0)
                await anvil.MineAsync((ulong)emptyBetween).ConfigureAwait(false);
            if (i % 7 == 0)
            {
                await MineBlockAsync(anvil, []).ConfigureAwait(false);
                continue;
            }
            var word = "0x" + i.ToString("x").PadLeft(64, '0');
            var txs = new List<JsonObject>
            {
                Legacy(accounts[0], nonces, accounts[^1], value: (ulong)i),
                Type1(accounts[1], nonces, emitter, word),
                Type2(accounts[2], nonces, emitter, word, gas: 200_000),
                Type2(accounts[3], nonces, emitter, data: "0x", gas: 100_000),
            };
            calls += 2;
            reverts++;
            if (i % 5 == 0)
            {
                txs.Add(Type2(accounts[4], nonces, to: null, data: LogEmitterContract.InitCode, gas: 300_000));
                creations++;
            }
            transactions += txs.Count;
            await MineBlockAsync(anvil, txs).ConfigureAwait(false);
        }
        await anvil.SetAutomineAsync(true).ConfigureAwait(false);
        return new GeneratedChain(await anvil.BlockNumberAsync().ConfigureAwait(false), emitter, transactions, creations, reverts, calls);
    }

    /// <summary>Sends the transactions in one batch, mines one block, and checks that it holds all of them.</summary>
    private static async Task<IReadOnlyList<string>> MineBlockAsync(Anvil anvil, IReadOnlyList<JsonObject> txs)
    {
        var hashes = txs.Count == 0
            ? []
            : (await anvil.BatchAsync(txs.Select(tx => ("eth_sendTransaction", new JsonNode?[] { tx })).ToList()).ConfigureAwait(false))
                .Select(h => h!.GetValue<string>()).ToList();
        await anvil.CallAsync("evm_mine").ConfigureAwait(false);
        var head = await anvil.BlockAsync(await anvil.BlockNumberAsync().ConfigureAwait(false), fullTransactions: false).ConfigureAwait(false);
        var mined = head["transactions"]!.AsArray().Count;
        if (mined != txs.Count)
            throw new InvalidOperationException($"anvil mined {mined} of {txs.Count} transactions into block {head["number"]}");
        return hashes;
    }

    private static string Nonce(Dictionary<string, ulong> nonces, string from) => Anvil.Hex(nonces[from]++);

    private static JsonObject Legacy(string from, Dictionary<string, ulong> nonces, string to, ulong value) => new()
    {
        ["from"] = from, ["to"] = to, ["value"] = Anvil.Hex(value), ["gas"] = "0x5208", ["gasPrice"] = GasPrice,
        ["nonce"] = Nonce(nonces, from), ["type"] = "0x0",
    };

    private static JsonObject Type1(string from, Dictionary<string, ulong> nonces, string to, string data) => new()
    {
        ["from"] = from, ["to"] = to, ["data"] = data, ["gas"] = Anvil.Hex(200_000), ["gasPrice"] = GasPrice,
        ["nonce"] = Nonce(nonces, from), ["type"] = "0x1",
        ["accessList"] = new JsonArray(new JsonObject { ["address"] = to, ["storageKeys"] = new JsonArray("0x" + "1".PadLeft(64, '0')) }),
    };

    private static JsonObject Type2(string from, Dictionary<string, ulong> nonces, string? to, string data, ulong gas)
    {
        var tx = new JsonObject
        {
            ["from"] = from, ["data"] = data, ["gas"] = Anvil.Hex(gas), ["maxFeePerGas"] = GasPrice,
            ["maxPriorityFeePerGas"] = "0x3b9aca00", ["nonce"] = Nonce(nonces, from), ["type"] = "0x2",
        };
        if (to is not null)
            tx["to"] = to;
        return tx;
    }
}
