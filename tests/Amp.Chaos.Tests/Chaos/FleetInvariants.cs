using Npgsql;

namespace Amp.Chaos.Tests.Chaos;

/// <summary>
/// What must hold after any amount of chaos, read from the metadata database itself: one owner per job
/// assignment (the job event log), and one live incarnation per node ID at a time (the incarnation ledger).
/// </summary>
public static class FleetInvariants
{
    private static readonly HashSet<string> WorkerEvents = ["RUNNING", "COMPLETED", "ERROR", "FATAL", "STOPPING", "STOPPED"];
    private static readonly HashSet<string> Terminal = ["COMPLETED", "ERROR", "FATAL", "STOPPED"];

    /// <summary>
    /// The rule of the jobs tests' ownership ledger: after a SCHEDULED event to node N, every worker-written event
    /// comes from N, and from one incarnation of N unless a RUNNING event says it resumed from an earlier epoch.
    /// Extended: nothing is written for an assignment after it ended (a job runs to its end once per assignment),
    /// and a finished job is only ever scheduled again by an explicit redeploy.
    /// </summary>
    public static async Task<IReadOnlyList<string>> OwnershipViolationsAsync(NpgsqlConnection conn)
    {
        var violations = new List<string>();
        await using var cmd = new NpgsqlCommand(
            """
            SELECT job_id, id, node_id, epoch, event_type, COALESCE(detail ? 'resumed_from_epoch', false), context->>'reason'
            FROM job_events ORDER BY job_id, id
            """, conn);
        await using var r = await cmd.ExecuteReaderAsync();
        long job = -1;
        string? assigned = null;
        long? owner = null;
        string? ended = null;
        while (await r.ReadAsync())
        {
            var (jobId, id, node, epoch, type, resumed, reason) = (r.GetInt64(0), r.GetInt64(1), r.GetString(2),
                r.IsDBNull(3) ? (long?)null : r.GetInt64(3), r.GetString(4), r.GetBoolean(5), r.IsDBNull(6) ? null : r.GetString(6));
            if (jobId != job)
                (job, assigned, owner, ended) = (jobId, null, null, null);
            if (type == "SCHEDULED")
            {
                if (ended is "COMPLETED" or "FATAL" or "STOPPED" && reason != "redeploy")
                    violations.Add($"job {jobId} event {id} SCHEDULED to {node} (reason {reason}) after it ended {ended}");
                (assigned, owner, ended) = (node, null, null);
                continue;
            }
            if (!WorkerEvents.Contains(type) || epoch is null)
                continue; // the controller's own writes (STOP_REQUESTED, STOPPED/FATAL of a vanished worker) carry no new epoch
            if (ended is not null)
                violations.Add($"job {jobId} event {id} {type} by {node} epoch {epoch} after the assignment ended {ended}");
            else if (node != assigned)
                violations.Add($"job {jobId} event {id} {type} by {node} while it was assigned to {assigned}");
            else if (type == "RUNNING" && owner is not null && owner != epoch && !resumed)
                violations.Add($"job {jobId} event {id} RUNNING by {node} epoch {epoch} while epoch {owner} owned it");
            else if (type is "COMPLETED" or "ERROR" or "FATAL" && owner is not null && epoch != owner)
                violations.Add($"job {jobId} event {id} {type} by {node} epoch {epoch} while epoch {owner} owned it");
            if (type is "RUNNING" or "STOPPING")
                owner = epoch; // a newer incarnation of the same node may take over a run it resumes, or a stop
            if (Terminal.Contains(type))
                ended = type;
        }
        return violations;
    }

    /// <summary>
    /// For every node: epochs 1, 2, 3, … without gaps; every incarnation but the last ended no later than the next
    /// one started (so at most one is open); the last one is open and is the epoch of the <c>workers</c> row.
    /// Call it once every worker is active again.
    /// </summary>
    public static async Task<IReadOnlyList<string>> IncarnationViolationsAsync(NpgsqlConnection conn)
    {
        var violations = new List<string>();
        var byNode = new Dictionary<string, List<(long Epoch, DateTime Started, DateTime? Ended, string? Reason, long Current)>>();
        await using (var cmd = new NpgsqlCommand(
            """
            SELECT i.node_id, i.epoch, i.started_at, i.ended_at, i.end_reason, w.epoch
            FROM worker_incarnations i JOIN workers w ON w.node_id = i.node_id
            ORDER BY i.node_id, i.epoch
            """, conn))
        await using (var r = await cmd.ExecuteReaderAsync())
        {
            while (await r.ReadAsync())
            {
                var node = r.GetString(0);
                if (!byNode.TryGetValue(node, out var list))
                    byNode[node] = list = [];
                list.Add((r.GetInt64(1), r.GetDateTime(2), r.IsDBNull(3) ? null : r.GetDateTime(3), r.IsDBNull(4) ? null : r.GetString(4), r.GetInt64(5)));
            }
        }
        foreach (var (node, list) in byNode)
        {
            for (var i = 0; i < list.Count; i++)
            {
                var inc = list[i];
                if (inc.Epoch != i + 1)
                    violations.Add($"{node}: epoch {inc.Epoch} where {i + 1} was expected (epochs must count 1, 2, 3, …)");
                if (i == list.Count - 1)
                {
                    if (inc.Ended is not null)
                        violations.Add($"{node}: the last incarnation (epoch {inc.Epoch}) ended at {inc.Ended:O} ({inc.Reason}) though the worker runs");
                    if (inc.Epoch != inc.Current)
                        violations.Add($"{node}: the last incarnation is epoch {inc.Epoch} but the workers row says epoch {inc.Current}");
                    continue;
                }
                var next = list[i + 1];
                if (inc.Ended is null)
                    violations.Add($"{node}: epoch {inc.Epoch} is still open while epoch {next.Epoch} started at {next.Started:O}");
                else if (inc.Ended > next.Started)
                    violations.Add($"{node}: epoch {inc.Epoch} ended at {inc.Ended:O} ({inc.Reason}), after epoch {next.Epoch} started at {next.Started:O}");
            }
        }
        return violations;
    }
}
