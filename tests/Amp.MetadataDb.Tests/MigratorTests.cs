using Amp.MetadataDb.Connection;
using Amp.MetadataDb.Migrations;
using Microsoft.Extensions.Logging.Abstractions;

namespace Amp.MetadataDb.Tests;

public class MigratorTests
{
    [Fact]
    public async Task Concurrent_migrations_apply_each_file_exactly_once()
    {
        var pg = await TestPostgres.Shared;
        var settings = await TestPostgres.CreateDatabaseAsync(pg, "migrate");
        var dbs = Enumerable.Range(0, 6).Select(i => MetadataDatabase.Create(settings, $"migrator {i}", 2)).ToList();
        try
        {
            var results = await Task.WhenAll(dbs.Select(db => Migrator.MigrateAsync(db.DataSource, NullLogger.Instance, CancellationToken.None)));
            Assert.Equal(Migrator.All.Count, results.Sum(r => r.Count));
            await using var conn = await dbs[0].DataSource.OpenConnectionAsync();
            await using var cmd = new Npgsql.NpgsqlCommand("SELECT count(*) FROM amp_schema_migrations", conn);
            Assert.Equal((long)Migrator.All.Count, (long)(await cmd.ExecuteScalarAsync())!);
            Assert.Empty(await Migrator.MigrateAsync(dbs[0].DataSource, NullLogger.Instance, CancellationToken.None));
        }
        finally
        {
            foreach (var db in dbs)
                await db.DisposeAsync();
        }
    }

    [Fact]
    public void Migrations_are_numbered_upwards_from_one()
    {
        // Numbers are reserved per issue (0005 datasets may land before 0004), so gaps are allowed; order and uniqueness are not optional.
        Assert.Equal(1, Migrator.All[0].Version);
        Assert.True(Migrator.All.Zip(Migrator.All.Skip(1)).All(p => p.First.Version < p.Second.Version));
    }
}
