using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Amp.Testing;

/// <summary>
/// A real anvil (npm <c>@foundry-rs/anvil-linux-amd64</c>, installed by setup.sh under tools/anvil) on a free port,
/// with its state kept off disk: HOME points at a temporary directory that is deleted on dispose, and snapshots are
/// not persisted (<c>--max-persisted-states 0</c>, or <c>--prune-history</c> for volume without reorgs).
/// </summary>
public sealed class Anvil : IAsyncDisposable
{
    private readonly AmpProcess _process;
    private readonly string _home;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(60) };
    private long _id;

    private Anvil(AmpProcess process, string home, int port, string? ipcPath)
    {
        _process = process;
        _home = home;
        Port = port;
        IpcPath = ipcPath;
        HttpUrl = new Uri($"http://127.0.0.1:{port}");
    }

    public int Port { get; }

    public Uri HttpUrl { get; }

    /// <summary>The Unix socket when started with IPC, else null.</summary>
    public string? IpcPath { get; }

    public Uri? IpcUrl => IpcPath is null ? null : new Uri("ipc://" + IpcPath);

    public static string Executable => Path.Combine(Binaries.RepoRoot, "tools", "anvil", "node_modules", "@foundry-rs", "anvil-linux-amd64", "bin", "anvil");

    /// <summary>Starts anvil and waits until it answers JSON-RPC.</summary>
    public static async Task<Anvil> StartAsync(bool ipc = false, bool pruneHistory = false, int accounts = 10)
    {
        if (!File.Exists(Executable))
            throw new FileNotFoundException($"anvil is not installed at {Executable}; run ./setup.sh (npm ci --prefix tools/anvil)");
        var home = Directory.CreateTempSubdirectory("amp-anvil-").FullName;
        var port = Ports.Free();
        var ipcPath = ipc ? Path.Combine(home, "anvil.ipc") : null;
        var args = new List<string> { "--host", "127.0.0.1", "--port", port.ToString(CultureInfo.InvariantCulture), "--accounts", accounts.ToString(CultureInfo.InvariantCulture) };
        args.AddRange(pruneHistory ? ["--prune-history"] : ["--max-persisted-states", "0"]);
        if (ipcPath is not null)
            args.AddRange(["--ipc", ipcPath]);
        var process = AmpProcess.Start(Executable, args, new Dictionary<string, string?> { ["HOME"] = home, ["XDG_CACHE_HOME"] = home }, home);
        var node = new Anvil(process, home, port, ipcPath);
        try
        {
            await Eventually.UntilAsync(async () =>
            {
                if (process.HasExited)
                    throw new InvalidOperationException($"anvil exited with code {process.ExitCode}\n{process.Output}");
                return (await node.CallAsync("eth_chainId").ConfigureAwait(false))?.GetValue<string>() == "0x7a69"
                    && (ipcPath is null || File.Exists(ipcPath));
            }, "anvil to answer eth_chainId").ConfigureAwait(false);
        }
        catch
        {
            await node.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        return node;
    }

    /// <summary>One JSON-RPC call; throws with the node's error message when it answers an error.</summary>
    public async Task<JsonNode?> CallAsync(string method, params JsonNode?[] parameters)
    {
        var answers = await BatchAsync([(method, parameters)]).ConfigureAwait(false);
        return answers[0];
    }

    /// <summary>Several calls in one JSON-RPC batch, answers in call order; throws if any call failed.</summary>
    public async Task<IReadOnlyList<JsonNode?>> BatchAsync(IReadOnlyList<(string Method, JsonNode?[] Params)> calls)
    {
        var firstId = Interlocked.Add(ref _id, calls.Count) - calls.Count + 1;
        var body = new JsonArray(calls.Select((c, i) => (JsonNode)new JsonObject
        {
            ["jsonrpc"] = "2.0",
            ["id"] = firstId + i,
            ["method"] = c.Method,
            ["params"] = new JsonArray(c.Params.Select(p => p?.DeepClone()).ToArray()),
        }).ToArray());
        using var response = await _http.PostAsJsonAsync(HttpUrl, body).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        var answers = (await response.Content.ReadFromJsonAsync<JsonArray>().ConfigureAwait(false))!;
        var results = new JsonNode?[calls.Count];
        foreach (var answer in answers)
        {
            var index = (int)(answer!["id"]!.GetValue<long>() - firstId);
            if (answer["error"] is { } error)
                throw new InvalidOperationException($"anvil: {calls[index].Method} failed: {error.ToJsonString()}");
            results[index] = answer["result"]?.DeepClone();
        }
        return results;
    }

    public static string Hex(ulong value) => "0x" + value.ToString("x", CultureInfo.InvariantCulture);

    public static ulong ParseHex(JsonNode? node) => ulong.Parse(node!.GetValue<string>().AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture);

    public async Task<ulong> BlockNumberAsync() => ParseHex(await CallAsync("eth_blockNumber").ConfigureAwait(false));

    public async Task<IReadOnlyList<string>> AccountsAsync() =>
        (await CallAsync("eth_accounts").ConfigureAwait(false))!.AsArray().Select(a => a!.GetValue<string>()).ToList();

    public async Task<JsonObject> BlockAsync(ulong number, bool fullTransactions = true) =>
        (await CallAsync("eth_getBlockByNumber", Hex(number), fullTransactions).ConfigureAwait(false))!.AsObject();

    public async Task<JsonArray> BlockReceiptsAsync(ulong number) =>
        (await CallAsync("eth_getBlockReceipts", Hex(number)).ConfigureAwait(false))!.AsArray();

    /// <summary>
    /// Mines <paramref name="blocks"/> blocks (<c>anvil_mine</c>), at most 500 per call so that a long run does not hit
    /// the HTTP timeout on a loaded machine.
    /// </summary>
    public async Task MineAsync(ulong blocks = 1)
    {
        for (var left = blocks; left > 0;)
        {
            var now = Math.Min(left, 500UL);
            await CallAsync("anvil_mine", Hex(now)).ConfigureAwait(false);
            left -= now;
        }
    }

    /// <summary>Replaces the last <paramref name="depth"/> blocks with new ones of the same height (<c>anvil_reorg</c>).</summary>
    public Task ReorgAsync(ulong depth) => CallAsync("anvil_reorg", depth, new JsonArray());

    public Task SetAutomineAsync(bool on) => CallAsync("evm_setAutomine", on);

    public Task SetBlockTimestampIntervalAsync(ulong seconds) => CallAsync("anvil_setBlockTimestampInterval", seconds);

    public async Task<string> SendTransactionAsync(JsonObject transaction) =>
        (await CallAsync("eth_sendTransaction", transaction).ConfigureAwait(false))!.GetValue<string>();

    /// <summary>
    /// Deploys <see cref="LogEmitterContract"/> from <paramref name="from"/> and returns its address; mines a block for
    /// it when automine is off.
    /// </summary>
    public async Task<string> DeployLogEmitterAsync(string from)
    {
        var hash = await SendTransactionAsync(new JsonObject { ["from"] = from, ["data"] = LogEmitterContract.InitCode, ["gas"] = Hex(300_000) }).ConfigureAwait(false);
        if ((await CallAsync("anvil_getAutomine").ConfigureAwait(false))?.GetValue<bool>() != true)
            await CallAsync("evm_mine").ConfigureAwait(false);
        var receipt = await ReceiptAsync(hash).ConfigureAwait(false);
        return receipt["contractAddress"]!.GetValue<string>();
    }

    /// <summary>The receipt of a sent transaction, once it is mined.</summary>
    public Task<JsonNode> ReceiptAsync(string transactionHash) =>
        Eventually.ValueAsync(() => CallAsync("eth_getTransactionReceipt", transactionHash), r => r is not null, $"the receipt of {transactionHash}")!;

    /// <summary>The temporary HOME anvil runs with (deleted on dispose): whatever it writes to disk lands here.</summary>
    public string Home => _home;

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync().ConfigureAwait(false);
        _http.Dispose();
        try
        {
            Directory.Delete(_home, recursive: true);
        }
        catch (IOException)
        {
            // a file still held by the dying process; the OS temp cleaner gets it
        }
    }
}
