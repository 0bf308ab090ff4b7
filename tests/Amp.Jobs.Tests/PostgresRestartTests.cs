using Amp.MetadataDb.Postgres;

namespace Amp.Jobs.Tests;

/// <summary>A fleet on a PostgreSQL server of its own, which the test restarts.</summary>
public sealed class RestartableFleet() : JobFleet(["r1", "r2", "r3"])
{
    public ManagedPostgres Server { get; private set; } = null!;

    protected override async Task<string> PrepareDatabaseAsync()
    {
        Server = await TestPostgres.StartDedicatedAsync("jobs-restart");
        return Server.Url;
    }

    public async Task RestartPostgresAsync()
    {
        await Server.StopAsync();
        Server = await TestPostgres.RestartAsync(Server);
    }

    public async Task<long> CountOnServerAsync(string sql, params object[] args)
    {
        await using var conn = new Npgsql.NpgsqlConnection(Server.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new Npgsql.NpgsqlCommand(sql, conn);
        foreach (var a in args)
            cmd.Parameters.AddWithValue(a);
        return (long)(await cmd.ExecuteScalarAsync())!;
    }
}

public class PostgresRestartTests(RestartableFleet fleet, Xunit.Abstractions.ITestOutputHelper output) : IClassFixture<RestartableFleet>
{
    [Fact]
    public async Task Fifty_jobs_all_complete_across_a_postgres_restart()
    {
        var ids = new List<long>();
        for (var i = 0; i < 50; i++)
            ids.Add(await fleet.PostJobAsync("""{"kind":"sleep","seconds":2}"""));
        await Eventually.UntilAsync(async () => await fleet.CountOnServerAsync(
            "SELECT count(*) FROM jobs_status WHERE status = 'COMPLETED'") >= 5, "some jobs to complete first", TimeSpan.FromSeconds(60));

        await fleet.RestartPostgresAsync();

        try
        {
            await Eventually.UntilAsync(async () => await fleet.CountOnServerAsync(
                "SELECT count(*) FROM jobs_status WHERE job_id = ANY($1) AND status = 'COMPLETED'", ids.ToArray()) == 50,
                "all 50 jobs to complete after the restart", TimeSpan.FromSeconds(150));
        }
        catch (TimeoutException)
        {
            foreach (var node in fleet.NodeIds)
                output.WriteLine(fleet.Worker(node).Output);
            output.WriteLine(fleet.Controller.Output);
            throw;
        }
        Assert.Equal(0L, await fleet.CountOnServerAsync("SELECT count(*) FROM jobs_status WHERE status <> 'COMPLETED'"));
        foreach (var node in fleet.NodeIds)
            Assert.False(fleet.Worker(node).HasExited, fleet.Worker(node).Output);
    }
}
