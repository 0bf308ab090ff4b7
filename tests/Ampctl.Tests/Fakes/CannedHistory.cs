namespace Ampctl.Tests.Fakes;

/// <summary>Bodies of <c>GET /workers/{id}/incarnations</c> and <c>GET /fleet</c> as the contract shapes them.</summary>
public static class CannedHistory
{
    public const string Incarnations = """
        {
          "node_id": "worker-01",
          "incarnations": [
            { "epoch": 3, "host": "h1", "pid": 1234, "version": "v1.2.0", "commit_sha": "0123456789abcdef0123456789abcdef01234567",
              "started_at": "2026-11-29T18:20:15Z", "last_heartbeat_at": null, "ended_at": null, "end_reason": null },
            { "epoch": 2, "host": "h1", "pid": 1200, "version": "v1.1.0", "commit_sha": "abcdef0123456789abcdef0123456789abcdef01",
              "started_at": "2026-11-29T17:00:00Z", "last_heartbeat_at": "2026-11-29T18:10:00Z", "ended_at": "2026-11-29T18:10:00Z", "end_reason": "crashed" },
            { "epoch": 1, "host": "host-with-a-long-name", "pid": 77, "version": "v1.0.0", "commit_sha": "abcdef0123456789abcdef0123456789abcdef01",
              "started_at": "2026-11-28T09:00:00Z", "last_heartbeat_at": "2026-11-28T09:00:46Z", "ended_at": "2026-11-28T09:00:46Z", "end_reason": "connection_lost" }
          ],
          "duplicate_starts": [
            { "refused_at": "2026-11-29T18:21:00Z", "host": "h2", "pid": 99, "version": "v1.2.0" }
          ],
          "extra": "ignored"
        }
        """;

    public const string NoHistory = """{"node_id":"worker-09","incarnations":[],"duplicate_starts":[]}""";

    public const string Fleet = """
        {
          "workers_total": 3,
          "by_status": { "active": 2, "stalled": 0, "inactive": 1 },
          "by_version": [
            { "version": "v1.2.0", "commit_sha": "0123456789abcdef0123456789abcdef01234567", "workers": 2, "active": 2 },
            { "version": "v1.1.0", "commit_sha": "abcdef0123456789abcdef0123456789abcdef01", "workers": 1, "active": 0 }
          ],
          "oldest_running_commit_timestamp": "2026-11-20T10:00:00Z",
          "duplicate_starts_24h": 4,
          "draining": 1,
          "retired": 2
        }
        """;

    public const string EmptyFleet = """
        {"workers_total":0,"by_status":{"active":0,"stalled":0,"inactive":0},"by_version":[],"oldest_running_commit_timestamp":null,"duplicate_starts_24h":0,"draining":0,"retired":0}
        """;

    public static string SafeToStop(bool safe, string reason) =>
        $$"""{"node_id":"worker-01","safe":{{(safe ? "true" : "false")}},"reason":"{{reason}}","draining":true,"drain_acknowledged":{{(safe ? "true" : "false")}},"running_jobs":{{(safe ? 0 : 2)}}}""";
}
