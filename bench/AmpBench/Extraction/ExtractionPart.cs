using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Amp.Bench.Common;
using Amp.Datasets.Manifests;

namespace Amp.Bench.Extraction;

/// <summary>
/// <c>amp-bench extraction</c>: bounded deploys of N blocks on real <c>ampd</c> processes against the replay server,
/// beside the replay server's own ceiling, the bare fetch with the job's own client, the npm peers on the same source
/// and an end-to-end run on anvil. Writes one JSON result and renders the markdown results file.
/// </summary>
internal static class ExtractionPart
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    public static async Task<int> RunAsync(Args a)
    {
        var s = new Setup(a);
        var rows = new List<ResultRow>();
        var notes = new List<string>();
        var loadStart = LoadAverage();
        var chain = ReplayChain.Load(s.Seed, s.Head);
        var seedTxs = Enumerable.Range(0, chain.SeedBlocks).Sum(i => chain.TransactionCount((ulong)i));
        var seedLogs = Enumerable.Range(0, chain.SeedBlocks).Sum(i => chain.LogCount((ulong)i));
        long Txs(ulong blocks) => Enumerable.Range(0, (int)blocks).Sum(i => (long)chain.TransactionCount((ulong)i));
        long Logs(ulong blocks) => Enumerable.Range(0, (int)blocks).Sum(i => (long)chain.LogCount((ulong)i));
        notes.Add($"Source: {chain.SeedBlocks} busy blocks recorded from anvil ({seedTxs / (double)chain.SeedBlocks:F0} transactions and {seedLogs / (double)chain.SeedBlocks:F0} logs a block), renumbered and repeated to {s.Blocks:N0} blocks.");

        var replay = Children.Start("replay server", Environment.ProcessPath!, ["replay", "--seed", s.Seed, "--head", s.Head.ToString(CultureInfo.InvariantCulture), "--port", s.ReplayPort.ToString(CultureInfo.InvariantCulture)],
            Path.Combine(s.Logs, "replay.log"));
        var url = new Uri($"http://127.0.0.1:{s.ReplayPort}/");
        await WaitRpcAsync(url, replay);
        await VerifyChainAsync(url, s.Blocks);

        // Written again after every section, so a run cut short still leaves what it measured.
        void Save()
        {
            var partial = new ResultRow { Label = "_meta", Notes = [.. notes, $"load_start={loadStart}", $"load_end={LoadAverage()}"] };
            partial.Pooled["blocks"] = s.Blocks;
            partial.Pooled["seed_blocks"] = chain.SeedBlocks;
            partial.Pooled["txs_per_block"] = Math.Round(seedTxs / (double)chain.SeedBlocks, 1);
            partial.Pooled["logs_per_block"] = Math.Round(seedLogs / (double)chain.SeedBlocks, 1);
            partial.Pooled["runs"] = s.Runs;
            new PartResult { Part = "extraction", Rows = [partial, .. rows] }.Write(s.Out);
        }

        // 1. The source's own ceiling, printed first.
        var ceiling = new ResultRow { Label = "replay server ceiling", Settings = "raw HTTP, 4 connections, batches of 10 blocks (block with full transactions + eth_getBlockReceipts), answers read and discarded, no JSON parsing" };
        for (var r = 0; r < s.Runs; r++)
        {
            var replayCpu = ProcCpu.TreeSeconds(replay.Pid);
            var rate = await FetchFloor.CeilingAsync(url, s.Blocks, 4, 10);
            replayCpu = ProcCpu.TreeSeconds(replay.Pid) - replayCpu;
            ceiling.Add("blocks_per_s", rate.BlocksPerSecond);
            ceiling.Add("mb_per_s_json", rate.Bytes / 1e6 / rate.Seconds);
            ceiling.Add("source_cpu_s_per_1k", replayCpu / rate.Blocks * 1000);
            Console.Error.WriteLine($"replay ceiling run {r + 1}/{s.Runs}: {rate.BlocksPerSecond:F0} blocks/s, {rate.Bytes / 1e6 / rate.Seconds:F0} MB/s of JSON, server CPU {replayCpu:F1} s");
        }
        ceiling.Pooled["json_bytes_per_block"] = Math.Round(ceiling.Metrics["mb_per_s_json"][0] * 1e6 / ceiling.Metrics["blocks_per_s"][0]);
        rows.Add(ceiling);
        Save();

        // 2. The floor: the job's client alone, per configuration. One untimed pass first, so every timed run sees
        // code the JIT has already optimised (the replay server and the worker below get the same).
        await FetchFloor.BareFetchAsync(url, 0, s.Blocks - 1, s.Matrix[0].P, s.Matrix[0].B);
        var floors = new Dictionary<(int P, int B), ResultRow>();
        foreach (var (p, b) in s.Matrix)
        {
            var row = new ResultRow { Label = $"bare fetch, parallelism {p}, rpc_batch_size {b}", Settings = "EvmRpcClient (the job's client) with the job's partitions; blocks parsed, paired with receipts and discarded" };
            for (var r = 0; r < s.Runs; r++)
            {
                var replayCpu = ProcCpu.TreeSeconds(replay.Pid);
                var rate = await FetchFloor.BareFetchAsync(url, 0, s.Blocks - 1, p, b);
                replayCpu = ProcCpu.TreeSeconds(replay.Pid) - replayCpu;
                row.Add("blocks_per_s", rate.BlocksPerSecond);
                row.Add("client_cpu_s_per_1k", rate.ClientCpuSeconds / rate.Blocks * 1000);
                row.Add("source_cpu_s_per_1k", replayCpu / rate.Blocks * 1000);
                Console.Error.WriteLine($"bare fetch p{p} b{b} run {r + 1}/{s.Runs}: {rate.BlocksPerSecond:F0} blocks/s");
            }
            floors[(p, b)] = row;
            rows.Add(row);
            Save();
        }

        // 3. ampd: controller + worker processes, bounded deploys.
        await using var sys = new AmpSystem(s.Ampd, s.Db, s.ApiPort, s.Logs, new Dictionary<string, string>
        {
            ["AMP_CONFIG_DATA_DIR"] = Path.Combine(s.Work, "data"),
            ["AMP_CONFIG_PROVIDERS_DIR"] = Path.Combine(s.Work, "providers"),
            ["AMP_CONFIG_MANIFESTS_DIR"] = Path.Combine(s.Work, "manifests"),
            ["AMP_CONFIG_POLL_INTERVAL_SECS"] = "0.2",
        });
        foreach (var dir in new[] { "data", "providers", "manifests" })
            Directory.CreateDirectory(Path.Combine(s.Work, dir));
        await sys.MigrateAsync();
        await sys.StartControllerAsync(StartTimeout);
        var w1 = await sys.StartWorkerAsync("x1", StartTimeout);
        var deployer = new Deployer(sys, s);
        // One untimed deploy warms the worker (JIT tiers, pools) as a long-running worker would be.
        var (warmP, warmB) = s.Matrix[0];
        await deployer.RunAsync(await deployer.ProviderAsync("replay", url, warmB), [(w1, "x_warmup")], s.Blocks, warmP);
        var ampdRows = new Dictionary<(int P, int B), ResultRow>();
        foreach (var (p, b) in s.Matrix)
        {
            var network = await deployer.ProviderAsync("replay", url, b);
            var row = new ResultRow { Label = $"ampd, parallelism {p}, rpc_batch_size {b}", Settings = "ampd controller + 1 ampd worker; bounded deploy of blocks 0..N-1 → COMPLETED; defaults otherwise (zstd 1, segment size)" };
            for (var r = 0; r < s.Runs; r++)
            {
                var m = await deployer.RunAsync(network, [(w1, $"x_p{p}_b{b}_r{r}")], s.Blocks, p);
                Record(row, m, s.Blocks, Txs(s.Blocks), Logs(s.Blocks));
                Console.Error.WriteLine($"ampd p{p} b{b} run {r + 1}/{s.Runs}: {s.Blocks / m.Seconds:F0} blocks/s, worker CPU {m.WorkerCpu[0]:F1} s, PG CPU {m.PgCpu:F1} s, {m.ParquetBytes / 1e6:F0} MB Parquet, peak RSS {m.PeakRssKib[0] / 1024} MiB");
            }
            row.Pooled["ratio_to_bare_fetch"] = Math.Round(Stats.Median(row.Metrics["blocks_per_s"]) / Stats.Median(floors[(p, b)].Metrics["blocks_per_s"]), 3);
            ampdRows[(p, b)] = row;
            rows.Add(row);
            Save();
        }

        // 4. Two workers, two datasets at once.
        if (s.TwoWorkers)
        {
            var (p, b) = s.TwoWorkersConfig;
            var network = await deployer.ProviderAsync("replay", url, b);
            var w2 = await sys.StartWorkerAsync("x2", StartTimeout);
            var row = new ResultRow { Label = $"ampd, 2 workers × 1 dataset each, parallelism {p}, rpc_batch_size {b}", Settings = "two ampd worker processes, each extracting its own dataset of N blocks at the same time; blocks/s is the sum" };
            for (var r = 0; r < s.TwoWorkersRuns; r++)
            {
                var m = await deployer.RunAsync(network, [(w1, $"x2w_a_r{r}"), (w2, $"x2w_b_r{r}")], s.Blocks, p);
                Record(row, m, 2 * s.Blocks, 2 * Txs(s.Blocks), 2 * Logs(s.Blocks));
                Console.Error.WriteLine($"ampd 2 workers run {r + 1}/{s.TwoWorkersRuns}: {2 * s.Blocks / m.Seconds:F0} blocks/s together");
            }
            rows.Add(row);
            await w2.StopAsync(TimeSpan.FromSeconds(10));
        }

        // 5. Peers on the same source.
        if (s.Node is not null && s.PeersDir is not null)
        {
            foreach (var peer in s.Peers)
            {
                var row = await PeerAsync(s, peer, url, replay);
                rows.Add(row);
            Save();
            }
        }
        await replay.StopAsync(TimeSpan.FromSeconds(5));

        // 6. End to end on anvil.
        if (s.Anvil is not null)
            rows.AddRange(await AnvilEndToEndAsync(s, deployer, w1));

        Save();
        return 0;
    }

    private static void Record(ResultRow row, Deployer.Measured m, ulong blocks, long txs, long logs)
    {
        row.Add("blocks_per_s", blocks / m.Seconds);
        row.Add("txs_per_s", txs / m.Seconds);
        row.Add("logs_per_s", logs / m.Seconds);
        row.Add("parquet_mb_per_s", m.ParquetBytes / 1e6 / m.Seconds);
        row.Add("worker_cpu_s_per_1k", m.WorkerCpu.Sum() / blocks * 1000);
        row.Add("pg_cpu_s_per_1k", m.PgCpu / blocks * 1000);
        row.Add("peak_rss_mib", m.PeakRssKib.Max() / 1024.0);
        row.Add("seconds", m.Seconds);
        row.Pooled["parquet_bytes_per_block"] = Math.Round((double)m.ParquetBytes / blocks);
    }

    private static async Task<ResultRow> PeerAsync(Setup s, string peer, Uri url, Child replay)
    {
        var row = new ResultRow { Label = peer };
        var runs = Math.Max(1, s.PeerRuns);
        for (var r = 0; r < runs; r++)
        {
            var outFile = Path.Combine(s.Work, $"peer-{peer}-{r}.json");
            var dir = Path.Combine(s.Work, $"peer-{peer}-{r}");
            Directory.CreateDirectory(dir);
            var replayCpu = ProcCpu.TreeSeconds(replay.Pid);
            var blocksOfPeer = s.PeerBlocks.GetValueOrDefault(peer, s.Blocks);
            var child = Children.Start($"peer {peer}", s.Node!, [Path.Combine(s.PeersDir!, "extraction.mjs"), peer, "--url", url.ToString(), "--from", "0", "--to",
                (blocksOfPeer - 1).ToString(CultureInfo.InvariantCulture), "--dir", dir, "--out", outFile, "--seed", s.Seed,
                "--port", s.PonderPort.ToString(CultureInfo.InvariantCulture), "--timeout", s.PeerTimeoutSecs.ToString(CultureInfo.InvariantCulture)],
                Path.Combine(s.Logs, $"peer-{peer}-{r}.log"));
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(s.PeerTimeoutSecs));
            try
            {
                await child.Process.WaitForExitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                await child.StopAsync(TimeSpan.FromSeconds(5));
                row.Error = $"did not finish {blocksOfPeer} blocks within {s.PeerTimeoutSecs} s; see {child.Log}";
                break;
            }
            replayCpu = ProcCpu.TreeSeconds(replay.Pid) - replayCpu;
            if (child.Process.ExitCode != 0 || !File.Exists(outFile))
            {
                row.Error = $"exited with {child.Process.ExitCode}: {LastLines(child.Log, 3)}";
                break;
            }
            var json = JsonNode.Parse(File.ReadAllText(outFile))!.AsObject();
            var seconds = json["seconds"]!.GetValue<double>();
            var blocks = json["blocks"]!.GetValue<double>();
            row.Settings = json["settings"]?.GetValue<string>();
            row.Label = json["label"]?.GetValue<string>() ?? peer;
            row.Add("blocks_per_s", blocks / seconds);
            row.Add("txs_per_s", json["transactions"]!.GetValue<double>() / seconds);
            row.Add("logs_per_s", json["logs"]!.GetValue<double>() / seconds);
            row.Add("output_mb_per_s", json["bytes"]!.GetValue<double>() / 1e6 / seconds);
            row.Add("worker_cpu_s_per_1k", json["cpu_seconds"]!.GetValue<double>() / blocks * 1000);
            row.Add("peak_rss_mib", json["peak_rss_mib"]!.GetValue<double>());
            row.Add("seconds", seconds);
            row.Pooled["blocks"] = blocks;
            Console.Error.WriteLine($"{row.Label} run {r + 1}/{runs}: {blocks / seconds:F0} blocks/s");
            Directory.Delete(dir, recursive: true);
        }
        return row;
    }

    private static async Task<List<ResultRow>> AnvilEndToEndAsync(Setup s, Deployer deployer, Child worker)
    {
        var home = Directory.CreateTempSubdirectory("amp-bench-anvil-").FullName;
        var port = s.AnvilPort;
        var anvil = Children.Start("anvil", s.Anvil!, ["--host", "127.0.0.1", "--port", port.ToString(CultureInfo.InvariantCulture), "--accounts", "60", "--max-persisted-states", "0", "--gas-limit", "60000000"],
            Path.Combine(s.Logs, "anvil-e2e.log"), new Dictionary<string, string> { ["HOME"] = home, ["XDG_CACHE_HOME"] = home });
        var rows = new List<ResultRow>();
        try
        {
            var url = new Uri($"http://127.0.0.1:{port}/");
            using var rpc = new AnvilRpc(url);
            await rpc.WaitReadyAsync(anvil, TimeSpan.FromSeconds(30));
            var sw = Stopwatch.StartNew();
            await SeedChain.MineBusyAsync(rpc, s.AnvilBlocks);
            var head = SeedChain.ParseHex((await rpc.CallAsync("eth_blockNumber"))!.GetValue<string>());
            Console.Error.WriteLine($"anvil: {head} blocks mined in {sw.Elapsed.TotalSeconds:F1} s");
            var blocks = head + 1;
            var (p, b) = s.AnvilConfig;
            var floor = new ResultRow { Label = $"bare fetch from anvil, parallelism {p}, rpc_batch_size {b}", Settings = $"{blocks} blocks of anvil 1.7 (~50 transactions, ~100 logs each)" };
            var ampd = new ResultRow { Label = $"ampd from anvil, parallelism {p}, rpc_batch_size {b}", Settings = floor.Settings };
            var network = await deployer.ProviderAsync("anvil", url, b);
            for (var r = 0; r < s.AnvilRuns; r++)
            {
                var rate = await FetchFloor.BareFetchAsync(url, 0, head, p, b);
                floor.Add("blocks_per_s", rate.BlocksPerSecond);
                var m = await deployer.RunAsync(network, [(worker, $"anvil_r{r}")], blocks, p);
                ampd.Add("blocks_per_s", blocks / m.Seconds);
                ampd.Add("worker_cpu_s_per_1k", m.WorkerCpu.Sum() / blocks * 1000);
                ampd.Add("seconds", m.Seconds);
                Console.Error.WriteLine($"anvil run {r + 1}/{s.AnvilRuns}: bare fetch {rate.BlocksPerSecond:F0} blocks/s, ampd {blocks / m.Seconds:F0} blocks/s");
            }
            ampd.Pooled["ratio_to_bare_fetch"] = Math.Round(Stats.Median(ampd.Metrics["blocks_per_s"]) / Stats.Median(floor.Metrics["blocks_per_s"]), 3);
            rows.Add(floor);
            rows.Add(ampd);
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException or HttpRequestException)
        {
            rows.Add(new ResultRow { Label = "ampd from anvil", Error = e.Message });
        }
        finally
        {
            await anvil.StopAsync(TimeSpan.FromSeconds(5));
            Directory.Delete(home, recursive: true);
        }
        return rows;
    }

    /// <summary>
    /// Checks the replay chain before measuring anything: consecutive blocks link by parentHash, every receipt and log
    /// names its transaction and block, and tags and hashes resolve. A wrong source would make every figure meaningless.
    /// </summary>
    private static async Task VerifyChainAsync(Uri url, ulong blocks)
    {
        using var rpc = new AnvilRpc(url);
        JsonNode? previous = null;
        foreach (var n in new ulong[] { 0, 1, 2, 19, 20, 21, blocks - 2, blocks - 1 })
        {
            var block = (await rpc.CallAsync("eth_getBlockByNumber", SeedChain.Hex(n), true))!;
            var receipts = (await rpc.CallAsync("eth_getBlockReceipts", SeedChain.Hex(n)))!.AsArray();
            var hash = block["hash"]!.GetValue<string>();
            if (block["number"]!.GetValue<string>() != SeedChain.Hex(n))
                throw new InvalidOperationException($"replay: block {n} says it is {block["number"]}");
            if (previous is not null && SeedChain.ParseHex(previous["number"]!.GetValue<string>()) == n - 1 && previous["hash"]!.GetValue<string>() != block["parentHash"]!.GetValue<string>())
                throw new InvalidOperationException($"replay: block {n}'s parentHash does not link to block {n - 1}");
            var txs = block["transactions"]!.AsArray();
            if (txs.Count != receipts.Count || txs.Count == 0)
                throw new InvalidOperationException($"replay: block {n} has {txs.Count} transactions and {receipts.Count} receipts");
            for (var i = 0; i < txs.Count; i++)
            {
                var tx = txs[i]!["hash"]!.GetValue<string>();
                if (receipts[i]!["transactionHash"]!.GetValue<string>() != tx || receipts[i]!["blockHash"]!.GetValue<string>() != hash
                    || receipts[i]!["logs"]!.AsArray().Any(l => l!["transactionHash"]!.GetValue<string>() != tx || l["blockHash"]!.GetValue<string>() != hash))
                    throw new InvalidOperationException($"replay: block {n} receipt {i} does not match its transaction or block");
            }
            var byHash = await rpc.CallAsync("eth_getBlockByHash", hash, false);
            if (byHash?["number"]?.GetValue<string>() != SeedChain.Hex(n))
                throw new InvalidOperationException($"replay: block {n} is not found by its hash");
            previous = block;
        }
        Console.Error.WriteLine("replay: chain checked (parent links, receipts and logs name their transaction and block, lookup by hash)");
    }

    private static async Task WaitRpcAsync(Uri url, Child server)
    {
        using var rpc = new AnvilRpc(url);
        await rpc.WaitReadyAsync(server, TimeSpan.FromSeconds(60));
    }

    private static string LoadAverage() => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));

    private static string LastLines(string file, int n) =>
        File.Exists(file) ? string.Join(" | ", File.ReadAllLines(file).TakeLast(n)) : "(no log)";

    /// <summary>The command line of the part.</summary>
    internal sealed class Setup
    {
        public Setup(Args a)
        {
            Ampd = a.Str("ampd");
            Db = a.Str("db");
            ApiPort = a.Int("port", 16110);
            ReplayPort = a.Int("replay-port", 18546);
            AnvilPort = a.Int("anvil-port", 18547);
            Logs = a.Str("logs", ".");
            Work = Path.GetFullPath(a.Str("work", Path.Combine(Logs, "extraction")));
            Seed = a.Str("seed");
            Blocks = (ulong)a.Int("blocks", 8000);
            Head = Blocks + 100;
            Runs = a.Int("runs", 5);
            Matrix = a.Str("matrix", "1x10,2x10,4x10,2x0,2x50").Split(',').Select(ParseConfig).ToList();
            TwoWorkers = !a.Flag("no-two-workers");
            TwoWorkersConfig = ParseConfig(a.Str("two-workers", "2x10"));
            Anvil = a.Opt("anvil");
            AnvilBlocks = a.Int("anvil-blocks", 300);
            AnvilRuns = a.Int("anvil-runs", 3);
            AnvilConfig = ParseConfig(a.Str("anvil-config", "2x10"));
            Node = a.Opt("node");
            PeersDir = a.Opt("peers");
            Peers = a.Str("peer-list", "subsquid,ponder").Split(',', StringSplitOptions.RemoveEmptyEntries);
            PeerRuns = a.Int("peer-runs", Runs);
            PeerBlocks = a.Str("peer-blocks", "").Split(',', StringSplitOptions.RemoveEmptyEntries)
                .Select(x => x.Split(':')).ToDictionary(x => x[0], x => ulong.Parse(x[1], CultureInfo.InvariantCulture));
            PonderPort = a.Int("ponder-port", 42069);
            TwoWorkersRuns = a.Int("two-workers-runs", Runs);
            PeerTimeoutSecs = a.Int("peer-timeout", 300);
            PostmasterPid = a.Int("postmaster-pid", 0);
            Out = a.Str("out");
            Directory.CreateDirectory(Work);
        }

        public string Ampd { get; }
        public string Db { get; }
        public int ApiPort { get; }
        public int ReplayPort { get; }
        public int AnvilPort { get; }
        public string Logs { get; }
        public string Work { get; }
        public string Seed { get; }
        public ulong Blocks { get; }
        public ulong Head { get; }
        public int Runs { get; }
        public List<(int P, int B)> Matrix { get; }
        public bool TwoWorkers { get; }
        public (int P, int B) TwoWorkersConfig { get; }
        public string? Anvil { get; }
        public int AnvilBlocks { get; }
        public int AnvilRuns { get; }
        public (int P, int B) AnvilConfig { get; }
        public string? Node { get; }
        public string? PeersDir { get; }
        public string[] Peers { get; }
        public int PeerRuns { get; }
        public Dictionary<string, ulong> PeerBlocks { get; }
        public int PonderPort { get; }
        public int TwoWorkersRuns { get; }
        public int PeerTimeoutSecs { get; }
        public int PostmasterPid { get; }
        public string Out { get; }

        private static (int, int) ParseConfig(string s)
        {
            var parts = s.Split('x');
            return (int.Parse(parts[0], CultureInfo.InvariantCulture), int.Parse(parts[1], CultureInfo.InvariantCulture));
        }
    }

    /// <summary>Registers providers and datasets over the Admin API, deploys, waits for COMPLETED and measures.</summary>
    internal sealed class Deployer(AmpSystem sys, Setup s)
    {
        private readonly HashSet<string> _providers = [];

        public sealed record Measured(double Seconds, double[] WorkerCpu, double PgCpu, long ParquetBytes, long[] PeakRssKib);

        /// <summary>A provider file for (source, batch size) under its own network name, so each manifest picks it.</summary>
        public async Task<string> ProviderAsync(string source, Uri url, int batch)
        {
            var network = $"{source}_b{batch}";
            if (_providers.Add(network))
                await File.WriteAllTextAsync(Path.Combine(s.Work, "providers", network + ".toml"),
                    $"kind = \"evm-rpc\"\nnetwork = \"{network}\"\nurl = \"{url}\"\nrpc_batch_size = {batch}\n");
            return network;
        }

        public async Task<Measured> RunAsync(string network, IReadOnlyList<(Child Worker, string Name)> deploys, ulong blocks, int parallelism)
        {
            var manifest = JsonNode.Parse(ManifestGenerator.EvmRpc(network, 0, finalizedBlocksOnly: false).ToCanonicalBytes());
            foreach (var (_, name) in deploys)
            {
                using var registered = await sys.Api.PostAsJsonAsync("/datasets", new JsonObject
                {
                    ["namespace"] = "_", ["name"] = name, ["version"] = "1.0.0", ["manifest"] = manifest!.DeepClone(),
                });
                if (!registered.IsSuccessStatusCode)
                    throw new InvalidOperationException($"POST /datasets {name}: {(int)registered.StatusCode} {await registered.Content.ReadAsStringAsync()}");
            }
            foreach (var (worker, _) in deploys)
                ResetPeakRss(worker.Pid);
            var workers = deploys.Select(d => d.Worker).Distinct().ToList();
            var cpu0 = workers.Select(w => ProcCpu.TreeSeconds(w.Pid)).ToArray();
            var pg0 = s.PostmasterPid > 0 ? ProcCpu.TreeSeconds(s.PostmasterPid) : double.NaN;
            var sw = Stopwatch.StartNew();
            var jobs = new List<long>();
            foreach (var (worker, name) in deploys)
            {
                var nodeId = sys.Workers.First(kv => kv.Value == worker).Key;
                using var deployed = await sys.Api.PostAsJsonAsync($"/datasets/_/{name}/versions/1.0.0/deploy", new JsonObject
                {
                    ["end_block"] = (blocks - 1).ToString(CultureInfo.InvariantCulture), ["parallelism"] = parallelism, ["worker_id"] = nodeId,
                });
                var text = await deployed.Content.ReadAsStringAsync();
                if (!deployed.IsSuccessStatusCode)
                    throw new InvalidOperationException($"deploy {name}: {(int)deployed.StatusCode} {text}");
                jobs.Add(JsonNode.Parse(text)!["job_id"]!.GetValue<long>());
            }
            var pending = new HashSet<long>(jobs);
            while (pending.Count > 0)
            {
                foreach (var id in pending.ToList())
                {
                    var job = JsonNode.Parse(await sys.Api.GetStringAsync($"/jobs/{id}"))!;
                    var status = job["status"]!.GetValue<string>();
                    if (status == "COMPLETED")
                        pending.Remove(id);
                    else if (status is "FAILED" or "FATAL" or "ERROR" or "STOPPED")
                        throw new InvalidOperationException($"job {id} ended {status}; see the worker logs in {s.Logs}");
                }
                if (sw.Elapsed > TimeSpan.FromMinutes(10))
                    throw new TimeoutException($"jobs {string.Join(", ", pending)} not COMPLETED within 10 minutes");
                if (pending.Count > 0)
                    await Task.Delay(25);
            }
            var seconds = sw.Elapsed.TotalSeconds;
            var cpu = workers.Select((w, i) => ProcCpu.TreeSeconds(w.Pid) - cpu0[i]).ToArray();
            var pg = s.PostmasterPid > 0 ? ProcCpu.TreeSeconds(s.PostmasterPid) - pg0 : double.NaN;
            var rss = workers.Select(w => PeakRssKib(w.Pid)).ToArray();
            long bytes = 0;
            foreach (var (_, name) in deploys)
            {
                var dir = Path.Combine(s.Work, "data", "_", name);
                if (Directory.Exists(dir))
                {
                    bytes += Directory.EnumerateFiles(dir, "*.parquet", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
                    Directory.Delete(dir, recursive: true); // the disk is shared; the rows stay in the metadata DB
                }
            }
            return new Measured(seconds, cpu, pg, bytes, rss);
        }

        /// <summary>Resets VmHWM (writing 5 to clear_refs), so the next read is this run's peak.</summary>
        private static void ResetPeakRss(int pid)
        {
            try
            {
                File.WriteAllText($"/proc/{pid}/clear_refs", "5");
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        private static long PeakRssKib(int pid)
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        }
    }
}
