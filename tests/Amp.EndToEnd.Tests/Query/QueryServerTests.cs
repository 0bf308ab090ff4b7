using System.Globalization;
using Amp.EndToEnd.Tests.Support;
using Amp.Testing;
using Apache.Arrow.Types;

namespace Amp.EndToEnd.Tests.Query;

/// <summary>
/// Issue 13's "done when" with the real binaries: <c>ampd solo</c> extracts a generated anvil chain into
/// <c>anvil_rpc</c>; curl, a Flight client and <c>ampctl query</c> read it through the query servers. Solo's own
/// <c>/metrics</c> counts what its embedded worker extracted, per job kind.
/// </summary>
public sealed class QueryServerTests(QueryServerTests.Chain chain) : IClassFixture<QueryServerTests.Chain>
{
    /// <summary>A solo that extracted 40 generated blocks of anvil into <c>_/anvil_rpc@1.0.0</c> (to completion).</summary>
    public sealed class Chain : IAsyncLifetime
    {
        private Anvil? _anvil;

        public QuerySolo Solo { get; } = new();

        public AnvilFacts Facts { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            await Solo.InitializeAsync();
            _anvil = await Anvil.StartAsync();
            await AnvilChain.GenerateAsync(_anvil, 40);
            Facts = await AnvilFacts.ReadAsync(_anvil);
            var name = await Solo.RegisterAsync("anvil", _anvil);
            Assert.Equal("anvil_rpc", name);
            await Solo.WaitForJobAsync(await Solo.DeployAsync(name, "--end-block", "latest"), "COMPLETED");
        }

        public async Task DisposeAsync()
        {
            if (_anvil is not null)
                await _anvil.DisposeAsync();
            await Solo.DisposeAsync();
        }
    }

    private Task<CommandResult> AmpctlQueryAsync(params string[] args) =>
        AmpFleet.RunAmpctlAsync(["query", .. args, "--query-url", chain.Solo.Solo.JsonlUrl]);

    [Fact]
    public async Task Curl_counts_anvils_transactions_logs_and_blocks()
    {
        var (exit, stdout, stderr) = await AmpProcess.RunAsync("curl",
            ["-s", chain.Solo.Solo.JsonlUrl, "--data", "select count(*) as n from anvil_rpc.transactions"]);
        Assert.True(exit == 0, stderr);
        Assert.Equal($"{{\"n\":{chain.Facts.Transactions}}}", stdout.Trim());

        var counts = Assert.Single(await chain.Solo.JsonlAsync(
            "select (select count(*) from anvil_rpc.logs) as logs, (select count(*) from \"_/anvil_rpc@1.0.0\".blocks) as blocks"));
        Assert.Equal((chain.Facts.Logs, (long)chain.Facts.Head + 1), (counts.GetProperty("logs").GetInt64(), counts.GetProperty("blocks").GetInt64()));
    }

    [Fact]
    public async Task A_flight_client_gets_the_same_logs_rows_as_json_lines_with_fixed_size_binary_kept()
    {
        const string sql = "select * from anvil_rpc.logs limit 100";
        using var flight = new AmpFlightClient(chain.Solo.Solo.FlightUrl);
        var (schema, batches) = await flight.QueryAsync(sql);
        var jsonl = (await chain.Solo.JsonlAsync(sql)).Select(r => r.GetRawText()).ToList();

        Assert.Equal(100, jsonl.Count);
        // LIMIT without ORDER BY names no particular rows: compare the rows, not their order.
        Assert.Equal(jsonl.Order(StringComparer.Ordinal), AmpFlightClient.JsonRows(batches).Order(StringComparer.Ordinal));
        Assert.Equal(20, Assert.IsType<FixedSizeBinaryType>(schema.GetFieldByName("address").DataType).ByteWidth);
        Assert.Equal(32, Assert.IsType<FixedSizeBinaryType>(schema.GetFieldByName("tx_hash").DataType).ByteWidth);
        Assert.IsType<BinaryType>(schema.GetFieldByName("data").DataType);
        Assert.IsType<UInt64Type>(schema.GetFieldByName("block_num").DataType);
    }

    [Fact]
    public async Task Ampctl_query_prints_a_table_csv_and_Amps_error_codes()
    {
        var table = await AmpctlQueryAsync("select block_num, hash, parent_hash from anvil_rpc.blocks order by block_num limit 3");
        Assert.True(table.ExitCode == 0, table.ToString());
        var lines = table.StdoutLines;
        Assert.Equal(["block_num", "hash", "parent_hash"], lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        for (var n = 0; n < 3; n++)
        {
            var cells = lines[n + 1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(n.ToString(CultureInfo.InvariantCulture), cells[0]);
            Assert.Equal(chain.Facts.Hashes[n][2..], cells[1]);
        }
        Assert.Equal("(3 rows)", lines[4]);

        var csv = await AmpctlQueryAsync("select block_num, tx_index from anvil_rpc.transactions order by block_num, tx_index", "--format", "csv", "--limit", "2");
        Assert.True(csv.ExitCode == 0, csv.ToString());
        Assert.Equal(["block_num,tx_index", "1,0", "2,0"], csv.StdoutLines);

        var missing = await AmpctlQueryAsync("select * from anvil_rpc.receipts");
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("(TABLE_NOT_FOUND)", missing.Stderr, StringComparison.Ordinal);
        var escape = await AmpctlQueryAsync("select * from read_csv('/etc/passwd')");
        Assert.Equal(1, escape.ExitCode);
        Assert.Matches(@"\([A-Z_]+\)", escape.Stderr);
        Assert.DoesNotContain("root:", escape.Stdout + escape.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Solos_metrics_count_the_rows_blocks_and_bytes_its_embedded_worker_extracted_by_kind()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(15) };
        var samples = PrometheusText.Samples(await http.GetStringAsync(new Uri(chain.Solo.Solo.AdminUrl + "/metrics")));

        static string Series(string name, string table) => $"{name}{{kind=\"materialize-raw\",dataset=\"_/anvil_rpc\",table=\"{table}\"}}";
        Assert.Equal((double)chain.Facts.Transactions, samples.Value(Series("amp_extraction_rows_extracted_total", "transactions")));
        Assert.Equal((double)chain.Facts.Logs, samples.Value(Series("amp_extraction_rows_extracted_total", "logs")));
        Assert.Equal((double)chain.Facts.Head + 1, samples.Value(Series("amp_extraction_blocks_extracted_total", "blocks")));
        Assert.True(samples.Value(Series("amp_extraction_files_committed_total", "blocks")) >= 1);
        Assert.True(samples.Value(Series("amp_extraction_bytes_committed_total", "blocks")) > 0);
    }
}
