using Npgsql;

namespace Amp.MetadataDb.Postgres.Tests.Support;

/// <summary>Small helpers to talk to a managed server without pooling (each test's server is short-lived).</summary>
public static class Db
{
    public static string Unpooled(ManagedPostgres pg) =>
        new NpgsqlConnectionStringBuilder(pg.ConnectionString) { Pooling = false }.ConnectionString;

    public static async Task<object?> ScalarAsync(ManagedPostgres pg, string sql)
    {
        await using var conn = new NpgsqlConnection(Unpooled(pg));
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        return await cmd.ExecuteScalarAsync();
    }

    public static async Task ExecuteAsync(ManagedPostgres pg, string sql)
    {
        await using var conn = new NpgsqlConnection(Unpooled(pg));
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync();
    }
}
