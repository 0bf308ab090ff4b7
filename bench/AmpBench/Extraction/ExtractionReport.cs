using System.Globalization;
using System.Text;
using Amp.Bench.Common;

namespace Amp.Bench.Extraction;

/// <summary><c>amp-bench extraction-report --in X.json --machine M.env --out F.md</c>: the extraction results file.</summary>
internal static class ExtractionReport
{
    public static int Run(Args a)
    {
        var result = PartResult.Read(a.Str("in"));
        var machine = Report.ReadMachine(a.Str("machine"));
        var meta = result.Rows.FirstOrDefault(r => r.Label == "_meta") ?? new ResultRow();
        var rows = result.Rows.Where(r => r.Label != "_meta").ToList();
        var md = new StringBuilder();
        var blocks = meta.Pooled.GetValueOrDefault("blocks");
        var runs = meta.Pooled.GetValueOrDefault("runs");
        md.AppendLine(CultureInfo.InvariantCulture, $"# Extraction benchmarks {machine.GetValueOrDefault("date", "?")}{(a.Flag("quick") ? " (quick smoke run: small sizes, not comparable)" : "")}");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"Written by `{machine.GetValueOrDefault("command", "bench/run.sh")}` at commit `{machine.GetValueOrDefault("commit", "?")}`. What limits each figure and what to expect on a real node: [docs/benchmarks.md](../../docs/benchmarks.md#extraction).");
        md.AppendLine();
        md.AppendLine("## Machine and load");
        md.AppendLine();
        md.AppendLine("| | |");
        md.AppendLine("|---|---|");
        foreach (var (key, label) in new[] { ("cpu", "CPU"), ("cores", "Cores"), ("memory", "Memory"), ("kernel", "Kernel"), ("postgres", "PostgreSQL"), ("dotnet", ".NET"), ("node", "Node.js (peers)") })
            md.AppendLine(CultureInfo.InvariantCulture, $"| {label} | {machine.GetValueOrDefault(key, "?")} |");
        foreach (var note in meta.Notes.Where(n => n.StartsWith("load_", StringComparison.Ordinal)))
        {
            var eq = note.IndexOf('=');
            md.AppendLine(CultureInfo.InvariantCulture, $"| Load average (1, 5, 15 min) at the {(note.StartsWith("load_start", StringComparison.Ordinal) ? "start" : "end")} of this part | {note[(eq + 1)..]} |");
        }
        md.AppendLine();
        md.AppendLine("The machine is shared with other work (see the load average): the two cores run the source, the client or worker, PostgreSQL and whatever else is running. Compare rows within this file, not across runs.");
        md.AppendLine();
        foreach (var note in meta.Notes.Where(n => !n.StartsWith("load_", StringComparison.Ordinal)))
            md.AppendLine(note);
        md.AppendLine(CultureInfo.InvariantCulture, $"Each ampd and bare-fetch figure extracts blocks 0..{blocks - 1:N0} ({blocks:N0} blocks); each cell is the median of {runs:N0} runs (min–max), after one untimed warm-up run of the bare fetch and one of the worker (a worker is a long-running process: these are steady-state figures).");
        md.AppendLine();

        md.AppendLine("## Summary: the targets");
        md.AppendLine();
        foreach (var line in Targets(rows))
            md.AppendLine("- " + line);
        md.AppendLine();

        Section(md, rows, "1. The source's own ceiling", "The replay server (`amp-bench replay`, bench/AmpBench/Extraction) answering raw HTTP batches; nothing else runs. Everything below is slower than this, or the source would be the bottleneck.",
            r => r.Label.StartsWith("replay server", StringComparison.Ordinal),
            [("blocks_per_s", "blocks/s"), ("mb_per_s_json", "MB/s of JSON"), ("source_cpu_s_per_1k", "server CPU s / 1,000 blocks")]);
        Section(md, rows, "2. The floor: bare fetch with the job's client", "`EvmRpcClient` (src/Amp.Extraction) with the same batch size and the same partitions a job cuts (`RangePartitioning`, at least 2,000 blocks a partition); every block parsed, paired with its receipts and thrown away. No Arrow, no Parquet, no PostgreSQL.",
            r => r.Label.StartsWith("bare fetch, ", StringComparison.Ordinal),
            [("blocks_per_s", "blocks/s"), ("client_cpu_s_per_1k", "client CPU s / 1,000 blocks"), ("source_cpu_s_per_1k", "source CPU s / 1,000 blocks")]);
        Section(md, rows, "3. ampd: bounded deploys to COMPLETED", "`ampd controller` + `ampd worker` processes (Release), a dataset per run registered and deployed over the Admin API with `end_block` N−1, timed from the deploy request until `GET /jobs/{id}` says COMPLETED (polled every 25 ms). Parquet bytes are every file the job wrote. CPU from /proc: the worker process; PostgreSQL = the postmaster and all backends (the controller's and the poller's queries included). Peak RSS is the worker's VmHWM, reset before each run.",
            r => r.Label.StartsWith("ampd, ", StringComparison.Ordinal),
            [("blocks_per_s", "blocks/s"), ("txs_per_s", "transactions/s"), ("logs_per_s", "logs/s"), ("parquet_mb_per_s", "Parquet MB/s"), ("worker_cpu_s_per_1k", "worker CPU s / 1,000 blocks"), ("pg_cpu_s_per_1k", "PostgreSQL CPU s / 1,000 blocks"), ("peak_rss_mib", "worker peak RSS MiB")],
            pooled: [("ratio_to_bare_fetch", "÷ bare fetch (same settings)"), ("parquet_bytes_per_block", "Parquet bytes / block")]);
        Section(md, rows, "4. Peers on the same source", "Each peer indexes the same blocks 0..N−1 from the same replay server into its own store, configured for speed as its documentation recommends (settings in the table); driver: bench/peers/indexers/extraction.mjs. CPU is the peer's Node.js process.",
            r => !r.Label.StartsWith("ampd", StringComparison.Ordinal) && !r.Label.StartsWith("bare fetch", StringComparison.Ordinal) && !r.Label.StartsWith("replay", StringComparison.Ordinal),
            [("blocks_per_s", "blocks/s"), ("txs_per_s", "transactions/s"), ("logs_per_s", "logs/s"), ("output_mb_per_s", "output MB/s"), ("worker_cpu_s_per_1k", "CPU s / 1,000 blocks"), ("peak_rss_mib", "peak RSS MiB")],
            pooled: [("blocks", "blocks indexed")]);
        Section(md, rows, "5. End to end on anvil", "A small chain of the same shape mined on anvil 1.7 (`--max-persisted-states 0`), extracted by ampd and fetched bare. anvil is the limit here (it takes 15–20 ms to serve a 50-transaction block): this is what a user sees from a real node, which is RPC-bound the same way.",
            r => r.Label.Contains("anvil", StringComparison.Ordinal),
            [("blocks_per_s", "blocks/s"), ("worker_cpu_s_per_1k", "worker CPU s / 1,000 blocks")],
            pooled: [("ratio_to_bare_fetch", "÷ bare fetch")]);

        var errors = rows.Where(r => r.Error is not null).ToList();
        if (errors.Count > 0)
        {
            md.AppendLine("## What did not run");
            md.AppendLine();
            foreach (var r in errors)
                md.AppendLine(CultureInfo.InvariantCulture, $"- **{r.Label}**: {r.Error}");
            md.AppendLine();
        }
        foreach (var extra in a.Opt("notes") is { } notesFile && File.Exists(notesFile) ? File.ReadAllLines(notesFile) : [])
            md.AppendLine(extra);
        File.WriteAllText(a.Str("out"), md.ToString());
        return 0;
    }

    private static IEnumerable<string> Targets(List<ResultRow> rows)
    {
        double Median(ResultRow r) => Stats.Median(r.Metrics.GetValueOrDefault("blocks_per_s") ?? []);
        var ampd = rows.Where(r => r.Label.StartsWith("ampd, parallelism", StringComparison.Ordinal) && r.Error is null && r.Metrics.ContainsKey("blocks_per_s")).ToList();
        var missed = false;
        foreach (var r in ampd.Where(r => ParallelismOf(r.Label) >= 2))
        {
            var ratio = r.Pooled.GetValueOrDefault("ratio_to_bare_fetch", double.NaN);
            var verdict = ratio >= 0.9 ? "met" : $"missed by {(0.9 - ratio) * 100:F0} points";
            missed |= ratio < 0.9;
            yield return $"{r.Label["ampd, ".Length..]}: ampd {Fmt(Median(r))} blocks/s = **{ratio * 100:F0}%** of the bare fetch (target ≥ 90%: {verdict}).";
        }
        if (missed && WhyMissed(rows) is { } why)
            yield return why;
        var best = ampd.OrderByDescending(Median).FirstOrDefault();
        var peers = rows.Where(r => r.Label.StartsWith("Subsquid", StringComparison.OrdinalIgnoreCase) || r.Label.StartsWith("Ponder", StringComparison.OrdinalIgnoreCase) || r.Label.StartsWith("subsquid", StringComparison.Ordinal) || r.Label.StartsWith("ponder", StringComparison.Ordinal)).ToList();
        foreach (var p in peers)
        {
            if (p.Error is not null || !p.Metrics.ContainsKey("blocks_per_s") || best is null)
            {
                yield return $"{p.Label}: no figure ({p.Error ?? "no runs"}).";
                continue;
            }
            var x = Median(best) / Median(p);
            yield return $"ampd ({best.Label["ampd, ".Length..]}) {Fmt(Median(best))} blocks/s vs {p.Label} {Fmt(Median(p))} blocks/s: **{x:F1}×** ({(x > 1 ? "ahead" : "behind")}).";
        }
        if (rows.FirstOrDefault(r => r.Label.StartsWith("replay server", StringComparison.Ordinal)) is { } ceiling && best is not null)
            yield return $"Source headroom: the replay server alone serves {Fmt(Median(ceiling))} blocks/s, {Median(ceiling) / Median(best):F1}× the best ampd rate.";
    }

    /// <summary>
    /// Why the ratio target is missed, from the run's own CPU figures: when the machine's cores are the limit, the
    /// rates stand in the inverse ratio of the CPU each path spends per block (client or worker, the source, PostgreSQL).
    /// </summary>
    private static string? WhyMissed(List<ResultRow> rows)
    {
        double Med(ResultRow r, string key) => r.Metrics.TryGetValue(key, out var v) && v.Count > 0 ? Stats.Median(v) : double.NaN;
        var bare = rows.FirstOrDefault(r => r.Label == "bare fetch, parallelism 2, rpc_batch_size 10" && r.Error is null);
        var ampd = rows.FirstOrDefault(r => r.Label == "ampd, parallelism 2, rpc_batch_size 10" && r.Error is null);
        if (bare is null || ampd is null)
            return null;
        var (client, source) = (Med(bare, "client_cpu_s_per_1k"), Med(bare, "source_cpu_s_per_1k"));
        var (worker, pg) = (Med(ampd, "worker_cpu_s_per_1k"), Med(ampd, "pg_cpu_s_per_1k"));
        if (double.IsNaN(client + source + worker + pg))
            return null;
        var bound = (client + source) / (worker + source + pg);
        var cores = Environment.ProcessorCount;
        var i = CultureInfo.InvariantCulture;
        return string.Create(i, $"Why it is missed: on {cores} cores shared by the source, the extractor and PostgreSQL, both paths are CPU-bound. ")
            + string.Create(i, $"Per 1,000 blocks the bare fetch spends {client:F2} s of client CPU + {source:F2} s of source CPU; ampd spends {worker:F2} s in the worker ")
            + "(the same fetch and parse, plus JSON → Arrow conversion of ~150 rows a block, Parquet encoding with zstd, segment commits) "
            + string.Create(i, $"+ {source:F2} s of source + {pg:F2} s of PostgreSQL. With the cores saturated, that caps ampd at about ")
            + string.Create(i, $"({client:F2} + {source:F2}) ÷ ({worker:F2} + {source:F2} + {pg:F2}) = **{bound * 100:F0}%** of the bare fetch here: ")
            + "the gap is the worker's CPU per block, not waiting. On a provider-bound source (a real node, or anvil below) the same work overlaps the network wait.";
    }

    private static int ParallelismOf(string label)
    {
        var at = label.IndexOf("parallelism ", StringComparison.Ordinal);
        if (at < 0)
            return 0;
        var digits = new string(label[(at + "parallelism ".Length)..].TakeWhile(char.IsDigit).ToArray());
        return int.TryParse(digits, CultureInfo.InvariantCulture, out var p) ? p : 0;
    }

    private static void Section(StringBuilder md, List<ResultRow> rows, string title, string how, Func<ResultRow, bool> pick,
        (string Key, string Header)[] metrics, (string Key, string Header)[]? pooled = null)
    {
        var selected = rows.Where(pick).ToList();
        if (selected.Count == 0)
            return;
        pooled ??= [];
        md.AppendLine("## " + title);
        md.AppendLine();
        md.AppendLine(how);
        md.AppendLine();
        md.Append("| |");
        foreach (var (_, h) in metrics.Concat(pooled))
            md.Append(CultureInfo.InvariantCulture, $" {h} |");
        md.AppendLine();
        md.Append("|---|");
        foreach (var _ in metrics.Concat(pooled))
            md.Append("---:|");
        md.AppendLine();
        foreach (var r in selected)
        {
            md.Append(CultureInfo.InvariantCulture, $"| {r.Label} |");
            foreach (var (k, _) in metrics)
                md.Append(CultureInfo.InvariantCulture, $" {(r.Error is not null && !r.Metrics.ContainsKey(k) ? "failed" : Cell(r.Metrics.GetValueOrDefault(k)))} |");
            foreach (var (k, _) in pooled)
                md.Append(CultureInfo.InvariantCulture, $" {(r.Pooled.TryGetValue(k, out var v) ? (k.StartsWith("ratio", StringComparison.Ordinal) ? $"{v * 100:F0}%" : Fmt(v)) : "–")} |");
            md.AppendLine();
        }
        md.AppendLine();
        foreach (var r in selected.Where(r => r.Settings is not null).DistinctBy(r => r.Settings))
            md.AppendLine(CultureInfo.InvariantCulture, $"- {r.Label}: {r.Settings}");
        md.AppendLine();
    }

    private static string Cell(List<double>? values)
    {
        var finite = (values ?? []).Where(double.IsFinite).ToList();
        return finite.Count switch
        {
            0 => "–",
            1 => Fmt(finite[0]),
            _ => $"{Fmt(Stats.Median(finite))} ({Fmt(finite.Min())}–{Fmt(finite.Max())})",
        };
    }

    private static string Fmt(double v) => Math.Abs(v) switch
    {
        >= 100 => v.ToString("N0", CultureInfo.InvariantCulture),
        >= 10 => v.ToString("0.0", CultureInfo.InvariantCulture),
        _ => v.ToString("0.00", CultureInfo.InvariantCulture),
    };
}
