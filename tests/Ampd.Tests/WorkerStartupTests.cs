namespace Ampd.Tests;

public class WorkerStartupTests(MetadataDbFixture db) : IClassFixture<MetadataDbFixture>
{
    [Theory]
    [InlineData("", "must not be empty")]
    [InlineData("1abc", "must start with an ASCII letter")]
    [InlineData("a b", "invalid character ' ' (space)")]
    [InlineData("a/b", "invalid character '/'")]
    [InlineData("é1", "not ASCII")]
    public async Task Invalid_node_id_exits_2_naming_the_rule_before_touching_the_database(string nodeId, string rule)
    {
        var fresh = await TestPostgres.CreateDatabaseAsync(db.Server, "untouched");
        var url = TestPostgres.UrlOf(db.Server, fresh.Database!);
        var (code, _, stderr) = await AmpProcess.RunAsync(Binaries.Ampd, ["worker", "--node-id", nodeId],
            new Dictionary<string, string?> { ["AMP_CONFIG_METADATA_DB__URL"] = url });

        Assert.Equal(2, code);
        Assert.Contains(rule, stderr);
        Assert.DoesNotContain("   at ", stderr);
        await using var conn = new Npgsql.NpgsqlConnection(fresh.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new Npgsql.NpgsqlCommand("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'", conn);
        Assert.Equal(0L, (long)(await cmd.ExecuteScalarAsync())!);
    }

    [Fact]
    public async Task Node_id_of_256_characters_exits_2()
    {
        var (code, _, stderr) = await AmpProcess.RunAsync(Binaries.Ampd, ["worker", "--node-id", "w" + new string('x', 255)],
            new Dictionary<string, string?> { ["AMP_CONFIG_METADATA_DB__URL"] = db.Url });
        Assert.Equal(2, code);
        Assert.Contains("at most 255 characters", stderr);
    }

    [Fact]
    public async Task Node_id_from_AMP_NODE_ID_is_validated_too()
    {
        var (code, _, stderr) = await AmpProcess.RunAsync(Binaries.Ampd, ["worker"],
            new Dictionary<string, string?> { ["AMP_CONFIG_METADATA_DB__URL"] = db.Url, ["AMP_NODE_ID"] = "9lives" });
        Assert.Equal(2, code);
        Assert.Contains("must start with an ASCII letter", stderr);
    }

    [Fact]
    public async Task Missing_database_url_is_a_usage_error_that_names_the_setting()
    {
        var (code, _, stderr) = await AmpProcess.RunAsync(Binaries.Ampd, ["worker", "--node-id", "w1"]);
        Assert.Equal(2, code);
        Assert.Contains("AMP_CONFIG_METADATA_DB__URL", stderr);
    }

    [Fact]
    public async Task Sigterm_ends_the_incarnation_gracefully_and_exits_0_within_5_seconds()
    {
        await using var worker = WorkerProcess.Start(db.Url, "graceful-proc");
        await WorkerProcess.WaitRegisteredAsync(worker);

        var sw = System.Diagnostics.Stopwatch.StartNew();
        worker.Signal(Signals.SIGTERM);
        var code = await worker.WaitForExitAsync(TimeSpan.FromSeconds(10));
        Assert.True(code == 0, $"exit code {code}\n{worker.Output}");
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(5), $"took {sw.Elapsed}");
        Assert.Equal("graceful", await db.ScalarAsync<string>("SELECT end_reason FROM worker_incarnations WHERE node_id = 'graceful-proc' AND epoch = 1"));
        await Eventually.UntilAsync(async () => await db.ScalarAsync<long>(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND ((classid::bigint << 32) | objid::bigint) = hashtextextended('graceful-proc', 0)") == 0,
            "the node's advisory lock to be released", TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Worker_started_while_the_database_is_down_retries_with_clear_messages_and_registers_when_it_returns()
    {
        var pg = await TestPostgres.StartDedicatedAsync("down");
        var url = pg.Url;
        await pg.StopAsync();
        await using var worker = WorkerProcess.Start(url, "patient");
        await worker.WaitForOutputAsync("Metadata database unreachable", TimeSpan.FromSeconds(20));
        await worker.WaitForOutputAsync("retrying in", TimeSpan.FromSeconds(20));
        Assert.False(worker.HasExited);

        var restarted = await TestPostgres.RestartAsync(pg);
        try
        {
            await WorkerProcess.WaitRegisteredAsync(worker);
            Assert.DoesNotContain("   at ", worker.Stdout + worker.Stderr);
            Assert.DoesNotContain("Exception", worker.Stdout + worker.Stderr);
        }
        finally
        {
            worker.Signal(Signals.SIGTERM);
            await worker.WaitForExitAsync(TimeSpan.FromSeconds(10));
            await restarted.StopAsync();
        }
    }
}
