using Amp.Core.Workers;
using Amp.MetadataDb.Connection;
using Amp.MetadataDb.Incarnations;
using Amp.MetadataDb.Migrations;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Amp.Worker.Tests;

public class PostgresRestartTests
{
    [Fact]
    public async Task Worker_survives_a_postgres_restart_and_returns_under_a_new_epoch()
    {
        var pg = await TestPostgres.StartDedicatedAsync("restart");
        var settings = new NpgsqlConnectionStringBuilder(pg.ConnectionString);
        await using var db = MetadataDatabase.Create(settings, "restart test");
        await Migrator.MigrateAsync(db.DataSource, NullLogger.Instance, CancellationToken.None);
        var (w, _) = await WorkerNodeHarness.StartAsync(db, WorkerNodeHarness.Options("restart-node"));
        await using var _ = w;
        var first = w.Node.Current!;

        await pg.StopAsync();
        await Eventually.UntilAsync(() => first.Fenced.IsCancellationRequested, "fencing while PostgreSQL is down", TimeSpan.FromSeconds(15));
        Assert.Null(w.Node.Current);
        var restarted = await TestPostgres.RestartAsync(pg);
        try
        {
            await Eventually.UntilAsync(() => w.Node.Current is { Epoch.Value: 2 }, "epoch 2 after the restart", TimeSpan.FromSeconds(30));
            db.ResetPool();
            var ledger = await new IncarnationRepository(db.DataSource).ListAsync(NodeId.Parse("restart-node"), 10, CancellationToken.None);
            Assert.Equal(2, ledger.Count);
            Assert.Equal(IncarnationEndReason.ConnectionLost, ledger[1].EndReason);
            Assert.True(ledger[1].EndedAt <= ledger[0].StartedAt);
            Assert.False(w.Run!.IsCompleted);
        }
        finally
        {
            await w.StopAsync();
            await restarted.StopAsync();
        }
    }
}
