using Amp.MetadataDb.Connection;
using Amp.MetadataDb.Migrations;
using Amp.MetadataDb.Postgres;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Xunit;

namespace Amp.Testing;

/// <summary>A fresh, migrated database on the shared test server: one per test class (IClassFixture).</summary>
public sealed class MetadataDbFixture : IAsyncLifetime
{
    public ManagedPostgres Server { get; private set; } = null!;
    public NpgsqlConnectionStringBuilder Settings { get; private set; } = null!;
    public MetadataDatabase Db { get; private set; } = null!;

    /// <summary>The URL an ampd process uses to reach this database.</summary>
    public string Url => TestPostgres.UrlOf(Server, Settings.Database!);

    public async Task InitializeAsync()
    {
        Server = await TestPostgres.Shared.ConfigureAwait(false);
        Settings = await TestPostgres.CreateDatabaseAsync(Server, "amp").ConfigureAwait(false);
        Db = MetadataDatabase.Create(Settings, "amp tests", poolSize: 20);
        await Migrator.MigrateAsync(Db.DataSource, NullLogger.Instance, CancellationToken.None).ConfigureAwait(false);
    }

    public async Task DisposeAsync() => await Db.DisposeAsync().ConfigureAwait(false);

    public async Task<T?> ScalarAsync<T>(string sql, params object[] args)
    {
        await using var conn = await Db.DataSource.OpenConnectionAsync().ConfigureAwait(false);
        await using var cmd = new NpgsqlCommand(sql, conn);
        foreach (var a in args)
            cmd.Parameters.AddWithValue(a);
        var value = await cmd.ExecuteScalarAsync().ConfigureAwait(false);
        return value is null or DBNull ? default : (T)value;
    }

    public async Task<int> ExecuteAsync(string sql, params object[] args)
    {
        await using var conn = await Db.DataSource.OpenConnectionAsync().ConfigureAwait(false);
        await using var cmd = new NpgsqlCommand(sql, conn);
        foreach (var a in args)
            cmd.Parameters.AddWithValue(a);
        return await cmd.ExecuteNonQueryAsync().ConfigureAwait(false);
    }
}
