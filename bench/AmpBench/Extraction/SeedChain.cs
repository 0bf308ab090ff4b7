using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Amp.Bench.Common;

namespace Amp.Bench.Extraction;

/// <summary>
/// <c>amp-bench seed</c>: makes the small realistic chain the replay server repeats. Starts anvil with 60 dev accounts
/// (no persisted states), automine off, deploys a log emitter, then mines busy blocks, each from one JSON-RPC batch of
/// <c>eth_sendTransaction</c> from distinct senders: 25 emitter calls of four logs each (types 0, 1 with an access
/// list, and 2), 5 reverted calls, 1 contract creation and 19 transfers (types 0 and 2) — 50 transactions and 100 logs
/// a block. Writes <c>{"blocks":[{"block":…,"receipts":[…]}…]}</c> with anvil's answers verbatim (seed blocks 2..=head;
/// genesis and the deployment block are left out). Takes a few seconds; the file is a few MB and is not committed.
/// </summary>
internal static class SeedChain
{
    private const string GasPrice = "0x4a817c800";

    // A hand-assembled token-like emitter (no compiler). Without calldata: PUSH1 0 DUP1 REVERT. With calldata: the first
    // word is stored at memory 0, then four times LOG3(mem[0..32], Transfer(address,address,uint256), caller, self):
    //   CALLDATASIZE PUSH1 08 JUMPI PUSH1 00 DUP1 REVERT JUMPDEST PUSH1 00 CALLDATALOAD PUSH1 00 MSTORE
    //   4 × (ADDRESS CALLER PUSH32 <Transfer topic> PUSH1 20 PUSH1 00 LOG3) STOP
    // so its logs decode as ERC-20 Transfer events (what indexers that need an ABI, such as Ponder, can subscribe to).
    public const string TransferTopic = "0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef";
    private const string EmitterRuntime = "36600857600080fd5b60003560005230337fddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef60206000a330337fddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef60206000a330337fddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef60206000a330337fddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef60206000a300";

    // init: PUSH1 b0 DUP1 PUSH1 0b PUSH1 00 CODECOPY PUSH1 00 RETURN (copies the 0xb0-byte runtime that follows)
    private const string EmitterInit = "0x60b080600b6000396000f3" + EmitterRuntime;

    public static async Task<int> RunAsync(Args a)
    {
        var anvilBin = a.Str("anvil");
        var blocks = a.Int("blocks", 20);
        var output = a.Str("out");
        var logs = a.Str("logs", ".");
        var home = Directory.CreateTempSubdirectory("amp-bench-anvil-").FullName;
        var port = a.Int("port", 18545);
        var sw = Stopwatch.StartNew();
        var anvil = Children.Start("anvil (seed)", anvilBin,
            ["--host", "127.0.0.1", "--port", port.ToString(CultureInfo.InvariantCulture), "--accounts", "60", "--max-persisted-states", "0", "--gas-limit", "60000000"],
            Path.Combine(logs, "anvil-seed.log"), new Dictionary<string, string> { ["HOME"] = home, ["XDG_CACHE_HOME"] = home });
        try
        {
            using var rpc = new AnvilRpc(new Uri($"http://127.0.0.1:{port}/"));
            await rpc.WaitReadyAsync(anvil, TimeSpan.FromSeconds(30));
            var chain = await GenerateAsync(rpc, blocks);
            await File.WriteAllTextAsync(output, chain.ToJsonString());
            Console.Error.WriteLine($"seed: {blocks} busy blocks from anvil in {sw.Elapsed.TotalSeconds:F1} s → {output} ({new FileInfo(output).Length / 1e6:F1} MB)");
            return 0;
        }
        finally
        {
            await anvil.StopAsync(TimeSpan.FromSeconds(5));
            Directory.Delete(home, recursive: true);
        }
    }

    /// <summary>Mines the same kind of busy blocks on a running anvil without recording them (the end-to-end chain).</summary>
    public static Task MineBusyAsync(AnvilRpc rpc, int busyBlocks) => GenerateAsync(rpc, busyBlocks, record: false);

    private static async Task<JsonObject> GenerateAsync(AnvilRpc rpc, int busyBlocks, bool record = true)
    {
        var accounts = (await rpc.CallAsync("eth_accounts"))!.AsArray().Select(x => x!.GetValue<string>()).ToList();
        if (accounts.Count < 52)
            throw new InvalidOperationException($"anvil gave {accounts.Count} accounts; the seed needs 52");
        var nonces = accounts.ToDictionary(x => x, _ => 0UL);
        await rpc.CallAsync("evm_setAutomine", false);
        await rpc.CallAsync("anvil_setBlockTimestampInterval", 12);

        // Block 1: the emitters every block calls (five of them, so logs come from several addresses).
        var deploys = Enumerable.Range(0, 5).Select(_ => Type2(accounts[0], nonces, null, EmitterInit, 300_000)).ToList();
        var deployHashes = await MineAsync(rpc, deploys);
        var emitters = new List<string>();
        foreach (var hash in deployHashes)
            emitters.Add((await rpc.CallAsync("eth_getTransactionReceipt", hash))!["contractAddress"]!.GetValue<string>());

        var result = new JsonArray();
        for (var b = 0; b < busyBlocks; b++)
        {
            var txs = new List<JsonObject>();
            var sender = 1;
            string Next() => accounts[sender++];
            for (var i = 0; i < 25; i++)
            {
                var emitter = emitters[i % emitters.Count];
                var word = "0x" + ((ulong)b * 1000 + (ulong)i).ToString("x", CultureInfo.InvariantCulture).PadLeft(64, '0');
                txs.Add((i % 5) switch
                {
                    0 => Legacy(Next(), nonces, emitter, 0, word, 100_000),
                    1 => Type1(Next(), nonces, emitter, word),
                    _ => Type2(Next(), nonces, emitter, word, 100_000),
                });
            }
            for (var i = 0; i < 5; i++)
                txs.Add(Type2(Next(), nonces, emitters[i % emitters.Count], "0x", 60_000)); // reverts
            txs.Add(Type2(Next(), nonces, null, EmitterInit, 300_000));
            for (var i = 0; i < 19; i++)
            {
                var to = accounts[(sender + 7) % accounts.Count];
                txs.Add(i % 2 == 0
                    ? Legacy(Next(), nonces, to, (ulong)(1000 + b * 19 + i), "0x", 21_000)
                    : Type2(Next(), nonces, to, "0x", 21_000, value: (ulong)(5000 + b * 19 + i)));
            }
            await MineAsync(rpc, txs);
            if (!record)
                continue;
            var head = Hex(await HeadAsync(rpc));
            result.Add(new JsonObject
            {
                ["block"] = await rpc.CallAsync("eth_getBlockByNumber", head, true),
                ["receipts"] = await rpc.CallAsync("eth_getBlockReceipts", head),
            });
        }
        return new JsonObject
        {
            ["source"] = "anvil via bench/AmpBench/Extraction/SeedChain.cs",
            ["emitters"] = new JsonArray(emitters.Select(e => (JsonNode?)JsonValue.Create(e)).ToArray()),
            ["senders"] = new JsonArray(accounts.Skip(1).Take(50).Select(e => (JsonNode?)JsonValue.Create(e)).ToArray()),
            ["blocks"] = result,
        };
    }

    private static async Task<ulong> HeadAsync(AnvilRpc rpc) => ParseHex((await rpc.CallAsync("eth_blockNumber"))!.GetValue<string>());

    private static async Task<List<string>> MineAsync(AnvilRpc rpc, List<JsonObject> txs)
    {
        var hashes = await rpc.BatchAsync(txs.Select(tx => ("eth_sendTransaction", new JsonNode?[] { tx })).ToList());
        await rpc.CallAsync("evm_mine");
        var head = await rpc.CallAsync("eth_getBlockByNumber", Hex(await HeadAsync(rpc)), false);
        var mined = head!["transactions"]!.AsArray().Count;
        if (mined != txs.Count)
            throw new InvalidOperationException($"anvil mined {mined} of {txs.Count} transactions into block {head["number"]}");
        return hashes.Select(h => h!.GetValue<string>()).ToList();
    }

    private static string Nonce(Dictionary<string, ulong> nonces, string from) => Hex(nonces[from]++);

    private static JsonObject Legacy(string from, Dictionary<string, ulong> nonces, string to, ulong value, string data, ulong gas) => new()
    {
        ["from"] = from, ["to"] = to, ["value"] = Hex(value), ["data"] = data, ["gas"] = Hex(gas), ["gasPrice"] = GasPrice,
        ["nonce"] = Nonce(nonces, from), ["type"] = "0x0",
    };

    private static JsonObject Type1(string from, Dictionary<string, ulong> nonces, string to, string data) => new()
    {
        ["from"] = from, ["to"] = to, ["data"] = data, ["gas"] = Hex(120_000), ["gasPrice"] = GasPrice,
        ["nonce"] = Nonce(nonces, from), ["type"] = "0x1",
        ["accessList"] = new JsonArray(new JsonObject { ["address"] = to, ["storageKeys"] = new JsonArray("0x" + "1".PadLeft(64, '0')) }),
    };

    private static JsonObject Type2(string from, Dictionary<string, ulong> nonces, string? to, string data, ulong gas, ulong value = 0)
    {
        var tx = new JsonObject
        {
            ["from"] = from, ["data"] = data, ["gas"] = Hex(gas), ["maxFeePerGas"] = GasPrice, ["value"] = Hex(value),
            ["maxPriorityFeePerGas"] = "0x3b9aca00", ["nonce"] = Nonce(nonces, from), ["type"] = "0x2",
        };
        if (to is not null)
            tx["to"] = to;
        return tx;
    }

    public static string Hex(ulong value) => "0x" + value.ToString("x", CultureInfo.InvariantCulture);

    public static ulong ParseHex(string hex) => ulong.Parse(hex.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
}

/// <summary>A minimal JSON-RPC client for anvil's admin calls.</summary>
internal sealed class AnvilRpc(Uri url) : IDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(60) };
    private long _id;

    public async Task WaitReadyAsync(Child process, TimeSpan timeout)
    {
        var sw = Stopwatch.StartNew();
        while (true)
        {
            if (process.Exited)
                throw new InvalidOperationException($"anvil exited with {process.Process.ExitCode}; see {process.Log}");
            try
            {
                if ((await CallAsync("eth_chainId"))?.GetValue<string>() is not null)
                    return;
            }
            catch (HttpRequestException)
            {
            }
            if (sw.Elapsed > timeout)
                throw new TimeoutException($"anvil did not answer within {timeout.TotalSeconds:0} s; see {process.Log}");
            await Task.Delay(100);
        }
    }

    public async Task<JsonNode?> CallAsync(string method, params JsonNode?[] parameters)
    {
        var body = new JsonObject { ["jsonrpc"] = "2.0", ["id"] = Interlocked.Increment(ref _id), ["method"] = method, ["params"] = new JsonArray(parameters) };
        using var response = await _http.PostAsJsonAsync(url, body);
        var answer = (await response.Content.ReadFromJsonAsync<JsonNode>())!;
        if (answer["error"] is { } error)
            throw new InvalidOperationException($"anvil {method}: {error.ToJsonString()}");
        var result = answer["result"];
        answer.AsObject().Remove("result");
        return result;
    }

    public async Task<IReadOnlyList<JsonNode?>> BatchAsync(IReadOnlyList<(string Method, JsonNode?[] Params)> calls)
    {
        var first = Interlocked.Add(ref _id, calls.Count) - calls.Count + 1;
        var body = new JsonArray(calls.Select((c, i) => (JsonNode)new JsonObject
        {
            ["jsonrpc"] = "2.0", ["id"] = first + i, ["method"] = c.Method, ["params"] = new JsonArray(c.Params),
        }).ToArray());
        using var response = await _http.PostAsJsonAsync(url, body);
        var answers = (await response.Content.ReadFromJsonAsync<JsonArray>())!;
        var byId = answers.ToDictionary(x => x!["id"]!.GetValue<long>());
        return calls.Select((c, i) => byId[first + i]!["error"] is { } e
            ? throw new InvalidOperationException($"anvil {c.Method}: {e.ToJsonString()}")
            : byId[first + i]!["result"]?.DeepClone()).ToList();
    }

    public void Dispose() => _http.Dispose();
}
