using Amp.Core.Build;
using Amp.Core.Jobs;
using Amp.Core.Workers;
using Amp.MetadataDb.Jobs;
using Amp.MetadataDb.Workers;
using Npgsql;

namespace Amp.MetadataDb.Tests;

public class JobSchedulingLockTests(MetadataDbFixture db) : IClassFixture<MetadataDbFixture>
{
    private static readonly BuildInfo Info = new("v1.0.0", new string('a', 40), "2026-11-01T10:00:00Z", "2026-11-02");

    // A worker's status write updates jobs_status and then appends a job_event, whose foreign key takes a KEY SHARE
    // lock on the jobs row. Rescheduling a finished job by its idempotency key locks both rows; if it took a full
    // FOR UPDATE on jobs the two would deadlock (seen in CI as a 500 "40P01: deadlock detected" from POST /jobs).
    [Fact]
    public async Task Rescheduling_by_key_waits_for_a_workers_status_write_instead_of_deadlocking()
    {
        var node = NodeId.Parse("lock-order");
        await using var session = await db.Db.OpenDedicatedAsync("test", CancellationToken.None);
        Assert.True(await NodeIdLock.TryAcquireAsync(session, node, CancellationToken.None));
        var reg = await WorkerRegistration.RegisterAsync(session, node, Info, new ProcessOrigin("host-a", 1), null, CancellationToken.None);
        var scheduling = new JobScheduling(db.Db.DataSource);
        var request = new JobRequest(new SleepDescriptor(0), new WorkerSelector.Any(), "nightly-lock", 3);
        var first = Assert.IsType<BatchOutcome.Scheduled>(await scheduling.ScheduleManyAsync([request], LivenessThresholds.Default, CancellationToken.None));
        var job = first.Jobs[0].Id.Value;
        await db.ExecuteAsync("UPDATE jobs_status SET status = 'STOPPED', epoch = $2 WHERE job_id = $1", job, reg.Epoch.Value);

        await using var worker = await db.Db.DataSource.OpenConnectionAsync();
        await using var tx = await worker.BeginTransactionAsync();
        await using (var update = new NpgsqlCommand("UPDATE jobs_status SET updated_at = now() WHERE job_id = $1", worker, tx))
        {
            update.Parameters.AddWithValue(job);
            await update.ExecuteNonQueryAsync();
        }

        var rerun = scheduling.ScheduleManyAsync([request], LivenessThresholds.Default, CancellationToken.None);
        await Eventually.UntilAsync(async () => await db.ScalarAsync<long>(
            "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()") > 0,
            "the reschedule to wait for the worker's row lock");

        await using (var append = new NpgsqlCommand(
            "INSERT INTO job_events (job_id, node_id, epoch, event_type) VALUES ($1, $2, $3, 'STOPPED')", worker, tx))
        {
            append.Parameters.AddWithValue(job);
            append.Parameters.AddWithValue(node.Value);
            append.Parameters.AddWithValue(reg.Epoch.Value);
            await append.ExecuteNonQueryAsync();
        }
        await tx.CommitAsync();

        var again = Assert.IsType<BatchOutcome.Scheduled>(await rerun);
        Assert.Equal(job, again.Jobs[0].Id.Value);
        Assert.Equal("SCHEDULED", await db.ScalarAsync<string>("SELECT status FROM jobs_status WHERE job_id = $1", job));
    }
}
