using Ampctl.Tests.Fakes;

namespace Ampctl.Tests.InProcess;

public sealed class WorkerVersionsCliTests : IAsyncLifetime
{
    private FakeAdminApi _api = null!;

    public async Task InitializeAsync() => _api = await FakeAdminApi.StartAsync();

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task One_version_is_a_table_without_a_mismatch_flag_from_the_active_workers_only()
    {
        _api.Respond("/workers?status=active", 200, CannedFleet.List(CannedFleet.Worker("worker-01"), CannedFleet.Worker("worker-02")));

        var run = await CliRun.RunAsync("worker", "versions", "--admin-url", _api.Url);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Stderr);
        Assert.Equal("/workers?status=active", Assert.Single(_api.Requests).PathAndQuery);
        Assert.Equal(
            [
                "VERSION   COMMIT         WORKERS   NODES",
                "v1.2.0    0123456789ab   2         worker-01, worker-02",
            ],
            run.StdoutLines);
    }

    [Fact]
    public async Task Two_builds_are_flagged_as_a_mismatch_but_exit_0()
    {
        _api.Respond("/workers?status=active", 200, CannedFleet.List(
            CannedFleet.Worker("worker-01"),
            CannedFleet.Worker("worker-02", version: "v1.1.0", sha: CannedFleet.ShaB),
            CannedFleet.Worker("worker-03")));

        var run = await CliRun.RunAsync("worker", "versions", "--admin-url", _api.Url);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(
            [
                "VERSION   COMMIT         WORKERS   NODES",
                "v1.2.0    0123456789ab   2         worker-01, worker-03",
                "v1.1.0    abcdef012345   1         worker-02",
                "⚠ version mismatch: 2 versions running",
            ],
            run.StdoutLines);
    }

    [Fact]
    public async Task Same_version_with_another_commit_is_a_mismatch_too()
    {
        _api.Respond("/workers?status=active", 200, CannedFleet.List(
            CannedFleet.Worker("worker-01"),
            CannedFleet.Worker("worker-02", sha: CannedFleet.ShaB)));

        var run = await CliRun.RunAsync("worker", "versions", "--json", "--admin-url", _api.Url);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("\"mismatch\":true", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task All_counts_every_registered_worker()
    {
        _api.Respond("/workers", 200, CannedFleet.List(
            CannedFleet.Worker("worker-01"),
            CannedFleet.Worker("worker-02", status: "inactive", version: "v1.1.0", sha: CannedFleet.ShaB)));

        var run = await CliRun.RunAsync("worker", "versions", "--all", "--json", "--admin-url", _api.Url);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("/workers", Assert.Single(_api.Requests).PathAndQuery);
        Assert.Equal(
            $$"""{"versions":[{"version":"v1.1.0","commit_sha":"{{CannedFleet.ShaB}}","workers":1,"node_ids":["worker-02"]},{"version":"v1.2.0","commit_sha":"{{CannedFleet.ShaA}}","workers":1,"node_ids":["worker-01"]}],"mismatch":true}""" + "\n",
            run.Stdout);
    }

    [Fact]
    public async Task Json_of_one_build()
    {
        _api.Respond("/workers?status=active", 200, CannedFleet.List(CannedFleet.Worker("worker-01")));

        var run = await CliRun.RunAsync("worker", "versions", "--json", "--admin-url", _api.Url);

        Assert.Equal(
            $$"""{"versions":[{"version":"v1.2.0","commit_sha":"{{CannedFleet.ShaA}}","workers":1,"node_ids":["worker-01"]}],"mismatch":false}""" + "\n",
            run.Stdout);
    }

    [Fact]
    public async Task No_active_workers_says_so_and_exits_0()
    {
        _api.Respond("/workers?status=active", 200, CannedWorkers.EmptyList);

        var run = await CliRun.RunAsync("worker", "versions", "--admin-url", _api.Url);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("No active workers found\n", run.Stdout);
    }

    [Fact]
    public async Task Api_error_exits_1()
    {
        _api.Respond("/workers?status=active", 503, CannedWorkers.Error("METADATA_DB_UNAVAILABLE", "down"));

        var run = await CliRun.RunAsync("worker", "versions", "--admin-url", _api.Url);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("✗ down (METADATA_DB_UNAVAILABLE)\n", run.Stderr);
    }
}
