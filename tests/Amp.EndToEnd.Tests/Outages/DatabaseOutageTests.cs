using System.Diagnostics;
using System.Net;
using Amp.EndToEnd.Tests.Support;
using Amp.MetadataDb.Postgres;
using Amp.Testing;

namespace Amp.EndToEnd.Tests.Outages;

/// <summary>A controller and one worker on a PostgreSQL server of their own, which the test stops and restarts.</summary>
public sealed class DedicatedDatabaseFleet() : AmpFleet(["worker-01"])
{
    /// <summary>The server as it runs now (a new object after <see cref="RestartDatabaseAsync"/>).</summary>
    public ManagedPostgres Server { get; private set; } = null!;

    private readonly List<ManagedPostgres> _servers = [];
    private string _database = "";

    protected override async Task<string> PrepareDatabaseAsync()
    {
        Server = await TestPostgres.StartDedicatedAsync("outage");
        _servers.Add(Server);
        var settings = await TestPostgres.CreateDatabaseAsync(Server, "amp");
        _database = settings.Database!;
        // No migration here: ampd migrates at start-up (auto_migrate).
        return TestPostgres.UrlOf(Server, settings.Database!);
    }

    /// <summary>An unpooled connection to the fleet's database, for tests that change it under the API.</summary>
    public async Task<Npgsql.NpgsqlConnection> OpenDatabaseAsync()
    {
        var settings = new Npgsql.NpgsqlConnectionStringBuilder(Server.ConnectionString) { Database = _database, Pooling = false };
        var conn = new Npgsql.NpgsqlConnection(settings.ConnectionString);
        await conn.OpenAsync();
        return conn;
    }

    public async Task RestartDatabaseAsync()
    {
        Server = await TestPostgres.RestartAsync(Server);
        _servers.Add(Server);
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        foreach (var pg in _servers)
            await pg.DisposeAsync();
        if (_servers.Count > 0)
            Directory.Delete(_servers[0].DataDirectory, recursive: true);
    }
}

/// <summary>The Admin API while its metadata database is down: 503 at once, and back to 200 by itself.</summary>
public sealed class DatabaseOutageTests(DedicatedDatabaseFleet fleet) : IClassFixture<DedicatedDatabaseFleet>
{
    [Fact]
    public async Task Workers_api_answers_503_while_the_database_is_down_and_200_again_after_it_restarts()
    {
        var before = await fleet.WaitForStatusAsync("worker-01", "active");

        await fleet.Server.StopAsync();
        var stopped = Stopwatch.StartNew();

        var unavailable = await Eventually.ValueAsync(() => fleet.GetAsync("/workers"),
            r => r.Status == HttpStatusCode.ServiceUnavailable, "GET /workers to answer 503", TimeSpan.FromSeconds(5));
        Assert.True(stopped.Elapsed < TimeSpan.FromSeconds(6), $"503 only after {stopped.Elapsed}");
        Assert.Equal("application/json", unavailable.ContentType);
        Assert.Equal("METADATA_DB_UNAVAILABLE", unavailable.Json.Str("error_code"));
        var one = await fleet.GetAsync("/workers/worker-01");
        Assert.True(one.Status == HttpStatusCode.ServiceUnavailable, one.ToString());
        Assert.Equal("METADATA_DB_UNAVAILABLE", one.Json.Str("error_code"));
        var readyz = await fleet.GetAsync("/readyz");
        Assert.True(readyz.Status == HttpStatusCode.ServiceUnavailable, readyz.ToString());
        Assert.Equal("METADATA_DB_UNAVAILABLE", readyz.Json.Str("error_code"));
        var healthz = await fleet.GetAsync("/healthz");
        Assert.True(healthz.Status == HttpStatusCode.OK, healthz.ToString());
        var cli = await fleet.AmpctlAsync("worker", "list");
        Assert.Equal(1, cli.ExitCode);
        var line = Assert.Single(cli.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("✗ ", line, StringComparison.Ordinal);
        Assert.Contains("(METADATA_DB_UNAVAILABLE)", line, StringComparison.Ordinal);
        Assert.False(fleet.Controller.HasExited, fleet.Controller.Output);

        await fleet.RestartDatabaseAsync();

        await Eventually.ValueAsync(() => fleet.GetAsync("/workers"), r => r.Status == HttpStatusCode.OK, "GET /workers to answer 200 again", TimeSpan.FromSeconds(30));
        var ready = await Eventually.ValueAsync(() => fleet.GetAsync("/readyz"), r => r.Status == HttpStatusCode.OK, "/readyz to answer 200 again", TimeSpan.FromSeconds(30));
        Assert.Equal("ready", ready.Json.Str("status"));
        // The worker survived the outage and came back as a new incarnation of the same node.
        var back = await fleet.WaitForStatusAsync("worker-01", "active", TimeSpan.FromSeconds(60));
        Assert.True(back.Num("epoch") > before.Num("epoch"), $"epoch {before.Num("epoch")} -> {back.Num("epoch")}");
        Assert.Equal(before.Str("created_at"), back.Str("created_at"));
        Assert.False(fleet.Worker("worker-01").HasExited, fleet.Worker("worker-01").Output);
        Assert.False(fleet.Controller.HasExited, fleet.Controller.Output);
    }
}
