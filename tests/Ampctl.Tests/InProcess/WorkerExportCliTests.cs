using System.Text.Json;
using Ampctl.Tests.Fakes;

namespace Ampctl.Tests.InProcess;

public sealed class WorkerExportCliTests : IAsyncLifetime, IDisposable
{
    private const string Header = "node_id,status,version,commit_sha,commit_timestamp,build_date,created_at,registered_at,heartbeat_at,restarts";
    private readonly string _dir = Directory.CreateTempSubdirectory("ampctl-export-").FullName;
    private FakeAdminApi _api = null!;

    private static readonly string Fleet = CannedFleet.List(
        CannedFleet.Worker("worker-01", restarts: 2),
        CannedFleet.Worker("worker-02", status: "inactive", version: "v1.3.0,\"beta\"", sha: CannedFleet.ShaB));

    public async Task InitializeAsync()
    {
        _api = await FakeAdminApi.StartAsync();
        _api.Respond("/workers", 200, Fleet);
    }

    public async Task DisposeAsync() => await _api.DisposeAsync();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Csv_has_a_header_and_quotes_fields_with_commas_and_quotes()
    {
        var run = await CliRun.RunAsync("worker", "export", "--admin-url", _api.Url);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Stderr);
        Assert.Equal(
            Header + "\n"
            + $"worker-01,active,v1.2.0,{CannedFleet.ShaA},2026-11-20T10:00:00Z,2026-11-21,2026-11-28T09:00:00Z,2026-11-29T18:20:15Z,2026-11-29T18:25:01Z,2\n"
            + $"worker-02,inactive,\"v1.3.0,\"\"beta\"\"\",{CannedFleet.ShaB},2026-11-20T10:00:00Z,2026-11-21,2026-11-28T09:00:00Z,2026-11-29T18:20:15Z,2026-11-29T18:25:01Z,0\n",
            run.Stdout);
        Assert.Equal("/workers", Assert.Single(_api.Requests).PathAndQuery);
    }

    [Fact]
    public async Task Json_format_is_an_array_of_objects_with_the_inventory_columns()
    {
        var run = await CliRun.RunAsync("worker", "export", "--format", "json", "--admin-url", _api.Url);

        Assert.Equal(0, run.ExitCode);
        Assert.Single(run.StdoutLines);
        var rows = JsonDocument.Parse(run.Stdout).RootElement.EnumerateArray().ToList();
        Assert.Equal(2, rows.Count);
        Assert.Equal(Header.Split(','), rows[0].EnumerateObject().Select(p => p.Name));
        Assert.Equal("v1.3.0,\"beta\"", rows[1].GetProperty("version").GetString());
        Assert.Equal(2, rows[0].GetProperty("restarts").GetInt32());
        Assert.Equal("2026-11-29T18:25:01Z", rows[0].GetProperty("heartbeat_at").GetString());
        Assert.Contains("\"version\":\"v1.3.0,\\\"beta\\\"\"", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Output_writes_the_file_and_says_how_many_workers()
    {
        var file = Path.Combine(_dir, "fleet.csv");
        File.WriteAllText(file, "old content that must be replaced");

        var run = await CliRun.RunAsync("worker", "export", "--output", file, "--admin-url", _api.Url);
        var stdout = await CliRun.RunAsync("worker", "export", "--admin-url", _api.Url);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal($"✓ Exported 2 workers to {file}\n", run.Stdout);
        Assert.Equal(stdout.Stdout, File.ReadAllText(file));
        Assert.Equal(["fleet.csv"], Directory.GetFiles(_dir).Select(Path.GetFileName));
    }

    [Fact]
    public async Task Output_in_json_with_the_short_options()
    {
        var file = Path.Combine(_dir, "fleet.json");

        var run = await CliRun.RunAsync("worker", "export", "-f", "json", "-o", file, "--admin-url", _api.Url);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(2, JsonDocument.Parse(File.ReadAllText(file)).RootElement.GetArrayLength());
    }

    [Fact]
    public async Task An_unwritable_output_exits_1_and_leaves_nothing_behind()
    {
        var file = Path.Combine(_dir, "missing", "fleet.csv");

        var run = await CliRun.RunAsync("worker", "export", "--output", file, "--admin-url", _api.Url);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("", run.Stdout);
        var line = Assert.Single(run.StderrLines);
        Assert.StartsWith($"✗ cannot write {file}: ", line, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(_dir));
    }

    [Fact]
    public async Task Json_flag_exports_the_api_body_itself()
    {
        var run = await CliRun.RunAsync("worker", "export", "--json", "--admin-url", _api.Url);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(Ampctl.Output.CompactJson.Compact(Fleet) + "\n", run.Stdout);
    }

    [Fact]
    public async Task An_empty_fleet_is_a_header_only()
    {
        _api.Respond("/workers", 200, CannedWorkers.EmptyList);

        var run = await CliRun.RunAsync("worker", "export", "--admin-url", _api.Url);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(Header + "\n", run.Stdout);
    }

    [Theory]
    [InlineData("invalid --format 'xml': expected csv or json", "--format", "xml")]
    [InlineData("--json exports the Admin API's response as is; it cannot be combined with --format", "--json", "--format", "csv")]
    [InlineData("invalid --output '': expected a file path", "--output", "")]
    public async Task Bad_options_are_usage_errors_and_send_nothing(string message, params string[] options)
    {
        var run = await CliRun.RunAsync(["worker", "export", .. options, "--admin-url", _api.Url]);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("✗ " + message, run.StderrLines[0]);
        Assert.Empty(_api.Requests);
    }

    [Fact]
    public async Task Api_error_exits_1_and_writes_no_file()
    {
        _api.Respond("/workers", 503, CannedWorkers.Error("METADATA_DB_UNAVAILABLE", "down"));
        var file = Path.Combine(_dir, "fleet.csv");

        var run = await CliRun.RunAsync("worker", "export", "--output", file, "--admin-url", _api.Url);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("✗ down (METADATA_DB_UNAVAILABLE)\n", run.Stderr);
        Assert.False(File.Exists(file));
    }
}
