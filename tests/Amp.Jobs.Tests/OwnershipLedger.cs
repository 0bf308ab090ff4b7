using Npgsql;

namespace Amp.Jobs.Tests;

/// <summary>
/// Reads every job's event log and checks that each assignment had a single owner: after a SCHEDULED event to
/// node N, every worker-written event comes from N, and from one incarnation of N unless a RUNNING event says it
/// resumed from an earlier epoch.
/// </summary>
public static class OwnershipLedger
{
    private static readonly HashSet<string> WorkerEvents = ["RUNNING", "COMPLETED", "ERROR", "STOPPING"];

    public static async Task<IReadOnlyList<string>> ViolationsAsync(MetadataDbFixture db)
    {
        var violations = new List<string>();
        await using var conn = await db.Db.DataSource.OpenConnectionAsync();
        await using var cmd = new NpgsqlCommand(
            "SELECT job_id, id, node_id, epoch, event_type, detail ? 'resumed_from_epoch' FROM job_events ORDER BY job_id, id", conn);
        await using var r = await cmd.ExecuteReaderAsync();
        long job = -1;
        string? assigned = null;
        long? owner = null;
        while (await r.ReadAsync())
        {
            var (jobId, id, node, epoch, type, resumed) = (r.GetInt64(0), r.GetInt64(1), r.GetString(2), r.IsDBNull(3) ? (long?)null : r.GetInt64(3), r.GetString(4), !r.IsDBNull(5) && r.GetBoolean(5));
            if (jobId != job)
            {
                job = jobId;
                assigned = null;
                owner = null;
            }
            if (type == "SCHEDULED")
            {
                assigned = node;
                owner = null;
                continue;
            }
            if (!WorkerEvents.Contains(type))
                continue;
            if (node != assigned)
                violations.Add($"job {jobId} event {id} {type} by {node} while it was assigned to {assigned}");
            else if (type == "RUNNING" && owner is not null && owner != epoch && !resumed)
                violations.Add($"job {jobId} event {id} RUNNING by {node} epoch {epoch} while epoch {owner} owned it");
            else if (type is "COMPLETED" or "ERROR" && owner is not null && epoch != owner)
                violations.Add($"job {jobId} event {id} {type} by {node} epoch {epoch} while epoch {owner} owned it");
            if (type is "RUNNING" or "STOPPING")
                owner = epoch; // a newer incarnation of the same node may take over stopping
        }
        return violations;
    }
}
