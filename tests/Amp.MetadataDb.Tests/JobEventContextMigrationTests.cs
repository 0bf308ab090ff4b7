using Amp.MetadataDb.Migrations;

namespace Amp.MetadataDb.Tests;

/// <summary>
/// Migration 0004 moves the reason of SCHEDULED events written before it into <c>context</c> and leaves the
/// descriptor as the detail, as Amp has it; other events keep their detail.
/// </summary>
public class JobEventContextMigrationTests
{
    [Fact]
    public async Task Old_scheduled_events_get_the_descriptor_as_detail_and_the_reason_as_context()
    {
        var pg = await TestPostgres.Shared;
        var settings = await TestPostgres.CreateDatabaseAsync(pg, "ctx_migration");
        await using var conn = new Npgsql.NpgsqlConnection(settings.ToString());
        await conn.OpenAsync();
        var migration = Assert.Single(Migrator.All, m => m.Name == "job_event_context");
        foreach (var earlier in Migrator.All.Where(m => m.Version < migration.Version))
            await ExecAsync(conn, earlier.Sql);
        await ExecAsync(conn, """
            INSERT INTO workers (node_id) VALUES ('w1');
            INSERT INTO jobs (idempotency_key, node_id, descriptor) VALUES ('k', 'w1', '{"kind":"sleep","seconds":5}');
            INSERT INTO job_events (job_id, node_id, event_type, detail)
            SELECT id, 'w1', 'SCHEDULED', '{"reason":"failover","from_node":"w0","descriptor":{"kind":"sleep","seconds":5}}' FROM jobs;
            INSERT INTO job_events (job_id, node_id, event_type, detail)
            SELECT id, 'w1', 'ERROR', '{"error_code":"X","error_message":"boom"}' FROM jobs;
            """);

        await ExecAsync(conn, migration.Sql);

        await using var cmd = new Npgsql.NpgsqlCommand("SELECT event_type, detail::text, context::text FROM job_events ORDER BY id", conn);
        await using var r = await cmd.ExecuteReaderAsync();
        Assert.True(await r.ReadAsync());
        Assert.Equal(("SCHEDULED", """{"kind": "sleep", "seconds": 5}""", """{"reason": "failover", "from_node": "w0"}"""), (r.GetString(0), r.GetString(1), r.GetString(2)));
        Assert.True(await r.ReadAsync());
        Assert.Equal("ERROR", r.GetString(0));
        Assert.Contains("boom", r.GetString(1), StringComparison.Ordinal);
        Assert.True(r.IsDBNull(2));
    }

    private static async Task ExecAsync(Npgsql.NpgsqlConnection conn, string sql)
    {
        await using var cmd = new Npgsql.NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync();
    }
}
