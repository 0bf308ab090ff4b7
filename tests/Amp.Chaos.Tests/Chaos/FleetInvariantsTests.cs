using Npgsql;

namespace Amp.Chaos.Tests.Chaos;

/// <summary>
/// The chaos run's checks must be able to fail: each rule is fed a history that breaks it (written straight
/// into a migrated database) and must report it, while a rough but legal history passes.
/// </summary>
public sealed class FleetInvariantsTests(MetadataDbFixture db) : IClassFixture<MetadataDbFixture>, IAsyncLifetime
{
    private static readonly DateTime T0 = new(2026, 11, 29, 12, 0, 0, DateTimeKind.Utc);

    public Task InitializeAsync() => db.ExecuteAsync("TRUNCATE job_events, jobs_status, jobs, worker_incarnations, workers CASCADE");

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_history_with_kills_resumes_and_failovers_has_no_violations()
    {
        await WorkerAsync("a", epoch: 3, (1, 0, 10), (2, 10, 20), (3, 21, null));
        await WorkerAsync("b", epoch: 1, (1, 0, null));
        var job = await JobAsync("a");
        await EventsAsync(job, ("SCHEDULED", "a", null, "new"), ("RUNNING", "a", 1, null), ("RUNNING", "a", 2, "resumed:1"),
            ("SCHEDULED", "b", null, "failover"), ("RUNNING", "b", 1, null), ("COMPLETED", "b", 1, null));
        var retried = await JobAsync("a");
        await EventsAsync(retried, ("SCHEDULED", "a", null, "new"), ("RUNNING", "a", 3, null), ("ERROR", "a", 3, null),
            ("SCHEDULED", "b", null, "retry"), ("RUNNING", "b", 1, null), ("COMPLETED", "b", 1, null));

        Assert.Empty(await OwnershipAsync());
        Assert.Empty(await IncarnationsAsync());
    }

    [Theory]
    [InlineData("RUNNING by b", "SCHEDULED a,RUNNING b 1", "while it was assigned to a")]
    [InlineData("second epoch without resume", "SCHEDULED a,RUNNING a 1,RUNNING a 2", "while epoch 1 owned it")]
    [InlineData("zombie completes", "SCHEDULED a,RUNNING a 1,RUNNING a 2 resumed:1,COMPLETED a 1", "while epoch 2 owned it")]
    [InlineData("runs again after the end", "SCHEDULED a,RUNNING a 1,COMPLETED a 1,RUNNING a 1", "after the assignment ended COMPLETED")]
    [InlineData("finished job moved", "SCHEDULED a,RUNNING a 1,COMPLETED a 1,SCHEDULED b failover", "after it ended COMPLETED")]
    public async Task A_job_with_two_owners_is_reported(string what, string history, string expected)
    {
        await WorkerAsync("a", epoch: 2, (1, 0, 10), (2, 10, null));
        await WorkerAsync("b", epoch: 1, (1, 0, null));
        var job = await JobAsync("a");
        await EventsAsync(job, [.. history.Split(',').Select(Parse)]);

        var violation = Assert.Single(await OwnershipAsync());
        Assert.True(violation.Contains(expected, StringComparison.Ordinal), $"{what}: {violation}");
    }

    [Theory]
    [InlineData("overlap", "1:0-12,2:10-", "epoch 1 ended at")]
    [InlineData("two open", "1:0-,2:10-", "epoch 1 is still open")]
    [InlineData("last one closed", "1:0-10,2:10-20", "the last incarnation (epoch 2) ended")]
    [InlineData("gap in epochs", "1:0-10,3:10-", "epoch 3 where 2 was expected")]
    public async Task A_node_with_two_live_incarnations_is_reported(string what, string ledger, string expected)
    {
        var incarnations = ledger.Split(',').Select(i =>
        {
            var (epoch, span) = (i.Split(':')[0], i.Split(':')[1].Split('-'));
            return (long.Parse(epoch, System.Globalization.CultureInfo.InvariantCulture), int.Parse(span[0], System.Globalization.CultureInfo.InvariantCulture),
                span[1].Length == 0 ? (int?)null : int.Parse(span[1], System.Globalization.CultureInfo.InvariantCulture));
        }).ToArray();
        await WorkerAsync("a", incarnations[^1].Item1, incarnations);

        var violations = await IncarnationsAsync();
        Assert.True(violations.Any(v => v.Contains(expected, StringComparison.Ordinal)), $"{what}: [{string.Join("; ", violations)}]");
    }

    private static (string Type, string Node, long? Epoch, string? Extra) Parse(string e)
    {
        var p = e.Split(' ');
        return p[0] == "SCHEDULED"
            ? (p[0], p[1], null, p.Length > 2 ? p[2] : "new")
            : (p[0], p[1], long.Parse(p[2], System.Globalization.CultureInfo.InvariantCulture), p.Length > 3 ? p[3] : null);
    }

    private async Task<IReadOnlyList<string>> OwnershipAsync()
    {
        await using var conn = await db.Db.DataSource.OpenConnectionAsync();
        return await FleetInvariants.OwnershipViolationsAsync(conn);
    }

    private async Task<IReadOnlyList<string>> IncarnationsAsync()
    {
        await using var conn = await db.Db.DataSource.OpenConnectionAsync();
        return await FleetInvariants.IncarnationViolationsAsync(conn);
    }

    /// <summary>A workers row at <paramref name="epoch"/> and its incarnations (seconds after T0; null end = open).</summary>
    private async Task WorkerAsync(string node, long epoch, params (long Epoch, int Start, int? End)[] incarnations)
    {
        await db.ExecuteAsync("INSERT INTO workers (node_id, epoch) VALUES ($1, $2)", node, epoch);
        foreach (var (e, start, end) in incarnations)
        {
            await using var conn = await db.Db.DataSource.OpenConnectionAsync();
            await using var cmd = new NpgsqlCommand(
                "INSERT INTO worker_incarnations (node_id, epoch, host, pid, backend_pid, started_at, ended_at, end_reason) VALUES ($1, $2, 'h', 1, 1, $3, $4, $5)", conn);
            cmd.Parameters.AddWithValue(node);
            cmd.Parameters.AddWithValue(e);
            cmd.Parameters.AddWithValue(T0.AddSeconds(start));
            cmd.Parameters.AddWithValue(end is { } x ? T0.AddSeconds(x) : DBNull.Value);
            cmd.Parameters.AddWithValue(end is null ? DBNull.Value : "crashed");
            await cmd.ExecuteNonQueryAsync();
        }
    }

    private async Task<long> JobAsync(string node) =>
        (await db.ScalarAsync<long>("INSERT INTO jobs (idempotency_key, node_id, descriptor) VALUES (gen_random_uuid()::text, $1, '{}') RETURNING id", node));

    /// <summary>Appends events in order; Extra is the SCHEDULED reason, or "resumed:N" on a RUNNING event.</summary>
    private async Task EventsAsync(long job, params (string Type, string Node, long? Epoch, string? Extra)[] events)
    {
        foreach (var (type, node, epoch, extra) in events)
        {
            var context = type == "SCHEDULED" ? $$"""{"reason":"{{extra}}"}""" : null;
            var detail = type == "SCHEDULED" ? null
                : extra is { } r && r.StartsWith("resumed:", StringComparison.Ordinal) ? $$"""{"resumed_from_epoch":{{r[8..]}}}""" : null;
            await using var conn = await db.Db.DataSource.OpenConnectionAsync();
            await using var cmd = new NpgsqlCommand("INSERT INTO job_events (job_id, node_id, epoch, event_type, detail, context) VALUES ($1, $2, $3, $4, $5::jsonb, $6::jsonb)", conn);
            cmd.Parameters.AddWithValue(job);
            cmd.Parameters.AddWithValue(node);
            cmd.Parameters.AddWithValue(epoch is { } e ? e : DBNull.Value);
            cmd.Parameters.AddWithValue(type);
            cmd.Parameters.AddWithValue(detail is null ? DBNull.Value : detail);
            cmd.Parameters.AddWithValue(context is null ? DBNull.Value : context);
            await cmd.ExecuteNonQueryAsync();
        }
    }
}
