using System.Text.Json;
using Amp.EndToEnd.Tests.Support;
using Amp.Testing;

namespace Amp.EndToEnd.Tests.Operations;

/// <summary>
/// <c>ampctl worker export [--format csv|json] [--output FILE] [--json]</c>: the inventory from one
/// <c>GET /workers</c>, read back with a strict RFC 4180 parser and compared with what the API reports.
/// </summary>
public sealed class ExportCommandTests(ThreeWorkerFleet fleet) : IClassFixture<ThreeWorkerFleet>, IDisposable
{
    /// <summary>The documented columns (docs/operations.md, "Inventory export"), in order.</summary>
    private static readonly string[] Columns =
        ["node_id", "status", "version", "commit_sha", "commit_timestamp", "build_date", "created_at", "registered_at", "heartbeat_at", "restarts"];

    // A version with a comma and quotes: RFC 4180 must quote the field and double the quotes.
    private const string Awkward = "v1.0.0,\"rc1\"";

    private readonly string _dir = Directory.CreateTempSubdirectory("amp-e2e-export-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private async Task<IReadOnlyDictionary<string, JsonElement>> PrepareAsync()
    {
        await fleet.RestoreAsync();
        await fleet.ResetInfoAsync();
        await fleet.SetInfoAsync("worker-02", "version", Awkward);
        return await fleet.ListWorkersAsync();
    }

    /// <summary>Checks a CSV inventory against the API's workers: header, one row per worker, each field.</summary>
    private static void AssertInventory(string csv, IReadOnlyDictionary<string, JsonElement> api)
    {
        Assert.EndsWith("\n", csv, StringComparison.Ordinal);
        Assert.DoesNotContain('\r', csv);
        var lines = csv[..^1].Split('\n');
        Assert.Equal(string.Join(',', Columns), lines[0]);
        Assert.Equal(DocNodeIds.Three.Length, lines.Length - 1);
        var rows = lines.Skip(1).Select(Csv.ParseLine).ToList();
        Assert.Equal(DocNodeIds.Three, rows.Select(r => r[0]));
        foreach (var row in rows)
        {
            Assert.Equal(Columns.Length, row.Count);
            var w = api[row[0]];
            var info = w.GetProperty("info");
            Assert.Equal(w.Str("status"), row[1]);
            Assert.Equal(info.Str("version"), row[2]);
            Assert.Equal(info.Str("commit_sha"), row[3]);
            Assert.Equal(info.Str("commit_timestamp"), row[4]);
            Assert.Equal(info.Str("build_date"), row[5]);
            Assert.Equal(w.Str("created_at"), row[6]);
            Assert.Equal(w.Str("registered_at"), row[7]);
            Rfc3339.AssertTimestamp(row[8], "heartbeat_at");
            Assert.Equal(w.Num("restarts").ToString(System.Globalization.CultureInfo.InvariantCulture), row[9]);
        }
    }

    [Fact]
    public async Task Csv_to_stdout_has_the_documented_columns_and_one_row_per_worker()
    {
        var api = await PrepareAsync();

        var run = await fleet.AmpctlAsync("worker", "export");
        var explicitCsv = await fleet.AmpctlAsync("worker", "export", "--format", "csv");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("", run.Stderr);
        AssertInventory(run.Stdout, api);
        Assert.True(explicitCsv.ExitCode == 0, explicitCsv.ToString());
        AssertInventory(explicitCsv.Stdout, api);
    }

    [Fact]
    public async Task Csv_quotes_a_version_with_a_comma_and_quotes_and_leaves_plain_fields_bare()
    {
        await PrepareAsync();

        var run = await fleet.AmpctlAsync("worker", "export");

        Assert.True(run.ExitCode == 0, run.ToString());
        var row = run.StdoutLines.Single(l => l.StartsWith("worker-02,", StringComparison.Ordinal));
        Assert.StartsWith("worker-02,active,\"v1.0.0,\"\"rc1\"\"\",", row, StringComparison.Ordinal);
        Assert.Equal(Awkward, Csv.ParseLine(row)[2]);
        Assert.DoesNotContain('"', run.StdoutLines.Single(l => l.StartsWith("worker-01,", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Output_file_is_written_and_replaces_an_older_inventory()
    {
        var api = await PrepareAsync();
        var file = Path.Combine(_dir, "workers-inventory.csv");
        await File.WriteAllTextAsync(file, "stale inventory\n");

        var run = await fleet.AmpctlAsync("worker", "export", "--output", file);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal($"✓ Exported 3 workers to {file}\n", run.Stdout);
        AssertInventory(await File.ReadAllTextAsync(file), api);
        Assert.Equal(["workers-inventory.csv"], Directory.GetFiles(_dir).Select(Path.GetFileName)); // no temporary file left
    }

    [Fact]
    public async Task Output_to_a_directory_that_does_not_exist_fails_with_exit_1()
    {
        await PrepareAsync();
        var file = Path.Combine(_dir, "missing", "inventory.csv");

        var run = await fleet.AmpctlAsync("worker", "export", "-o", file);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("", run.Stdout);
        Assert.StartsWith($"✗ cannot write {file}", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_format_is_an_array_of_flat_objects_with_the_same_columns()
    {
        var api = await PrepareAsync();

        var run = await fleet.AmpctlAsync("worker", "export", "--format", "json");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Single(run.StdoutLines);
        var items = JsonDocument.Parse(run.Stdout).RootElement.EnumerateArray().ToList();
        Assert.Equal(DocNodeIds.Three, items.Select(i => i.Str("node_id")));
        foreach (var item in items)
        {
            Assert.Equal(Columns, item.EnumerateObject().Select(p => p.Name));
            var w = api[item.Str("node_id")];
            Assert.Equal(w.GetProperty("info").Str("version"), item.Str("version"));
            Assert.Equal(w.Str("status"), item.Str("status"));
            Assert.Equal(JsonValueKind.Number, item.GetProperty("restarts").ValueKind);
            Assert.Equal(w.Num("restarts"), item.Num("restarts"));
        }
        Assert.Equal(Awkward, items[1].Str("version"));
    }

    [Fact]
    public async Task Json_flag_exports_the_admin_api_answer_itself()
    {
        await PrepareAsync();

        var run = await fleet.AmpctlAsync("worker", "export", "--json");
        var combined = await fleet.AmpctlAsync("worker", "export", "--json", "--format", "csv");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(DocNodeIds.Three, FleetOperations.NodeIdsOf(run.Stdout));
        foreach (var w in JsonDocument.Parse(run.Stdout).RootElement.GetProperty("workers").EnumerateArray())
            WorkerJson.AssertShape(w);
        Assert.Equal(2, combined.ExitCode);
        Assert.Contains("cannot be combined with --format", combined.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_format_is_a_usage_error()
    {
        var run = await fleet.AmpctlAsync("worker", "export", "--format", "xml");

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.Stdout);
        Assert.StartsWith("✗ invalid --format 'xml': expected csv or json", run.Stderr, StringComparison.Ordinal);
    }
}
