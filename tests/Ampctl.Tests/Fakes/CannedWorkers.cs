namespace Ampctl.Tests.Fakes;

/// <summary>Bodies as the Admin API serves them, pretty-printed, with fields this client does not know about.</summary>
public static class CannedWorkers
{
    public const string Worker01 = """
        {
          "node_id": "worker-01",
          "info": {
            "version": "v0.1.0-3-gabcdef0",
            "commit_sha": "0123456789abcdef0123456789abcdef01234567",
            "commit_timestamp": "2026-11-29T18:00:00Z",
            "build_date": "2026-11-29"
          },
          "created_at": "2026-11-29T18:20:15Z",
          "registered_at": "2026-11-29T18:20:15Z",
          "heartbeat_at": "2026-11-29T18:25:01Z",
          "status": "active",
          "heartbeat_age_ms": 412,
          "uptime_seconds": 286,
          "restarts": 0,
          "epoch": 1,
          "running_jobs": 2,
          "labels": [ 7, 9 ],
          "note": "caf\u00e9 \"quoted\"  two  spaces"
        }
        """;

    /// <summary><see cref="Worker01"/> with only the insignificant whitespace removed.</summary>
    public const string Worker01Compact =
        """{"node_id":"worker-01","info":{"version":"v0.1.0-3-gabcdef0","commit_sha":"0123456789abcdef0123456789abcdef01234567","commit_timestamp":"2026-11-29T18:00:00Z","build_date":"2026-11-29"},"created_at":"2026-11-29T18:20:15Z","registered_at":"2026-11-29T18:20:15Z","heartbeat_at":"2026-11-29T18:25:01Z","status":"active","heartbeat_age_ms":412,"uptime_seconds":286,"restarts":0,"epoch":1,"running_jobs":2,"labels":[7,9],"note":"caf\u00e9 \"quoted\"  two  spaces"}""";

    public const string Worker02Inactive = """
        {
          "node_id": "worker-02",
          "info": { "version": "unknown", "commit_sha": "unknown", "commit_timestamp": "unknown", "build_date": "unknown" },
          "created_at": "2026-11-28T09:00:00Z",
          "registered_at": "2026-11-29T10:00:00Z",
          "heartbeat_at": "2026-11-29T17:20:00Z",
          "status": "inactive",
          "heartbeat_age_ms": 3723000,
          "uptime_seconds": null,
          "restarts": 3,
          "epoch": 4,
          "draining_since": null
        }
        """;

    /// <summary><c>GET /workers/worker-01</c> of a controller with the history summary: draining, two incarnations, a refused start.</summary>
    public const string Worker01Detail = """
        {
          "node_id": "worker-01",
          "info": { "version": "v1.2.0", "commit_sha": "0123456789abcdef0123456789abcdef01234567", "commit_timestamp": "2026-11-29T18:00:00Z", "build_date": "2026-11-29" },
          "created_at": "2026-11-29T18:20:15Z",
          "registered_at": "2026-11-29T18:20:15Z",
          "heartbeat_at": "2026-11-29T18:25:01Z",
          "status": "active",
          "heartbeat_age_ms": 412,
          "uptime_seconds": 286,
          "restarts": 1,
          "epoch": 2,
          "draining_since": "2026-11-29T18:24:00Z",
          "drain_acknowledged_at": "2026-11-29T18:24:01Z",
          "retired_at": null,
          "running_jobs": 3,
          "incarnation_count": 2,
          "recent_incarnations": [
            { "epoch": 2, "host": "h1", "pid": 1234, "version": "v1.2.0", "commit_sha": "0123456789abcdef0123456789abcdef01234567",
              "started_at": "2026-11-29T18:20:15Z", "last_heartbeat_at": null, "ended_at": null, "end_reason": null },
            { "epoch": 1, "host": "h1", "pid": 1200, "version": "v1.1.0", "commit_sha": "abcdef0123456789abcdef0123456789abcdef01",
              "started_at": "2026-11-29T17:00:00Z", "last_heartbeat_at": "2026-11-29T18:10:00Z", "ended_at": "2026-11-29T18:10:00Z", "end_reason": "crashed" }
          ],
          "duplicate_start_count": 1,
          "recent_duplicate_starts": [ { "refused_at": "2026-11-29T18:21:00Z", "host": "h2", "pid": 99, "version": "v1.2.0" } ]
        }
        """;

    /// <summary>A retired worker's detail: no drain, never refused.</summary>
    public const string Worker03Retired = """
        {"node_id":"worker-03","info":{"version":"v1.0.0","commit_sha":"abcdef0123456789abcdef0123456789abcdef01","commit_timestamp":"2026-11-01T00:00:00Z","build_date":"2026-11-01"},
         "created_at":"2026-11-01T09:00:00Z","registered_at":"2026-11-01T09:00:00Z","heartbeat_at":"2026-11-02T09:00:00Z","status":"inactive",
         "heartbeat_age_ms":2419200000,"uptime_seconds":null,"restarts":0,"epoch":1,
         "draining_since":null,"drain_acknowledged_at":null,"retired_at":"2026-11-03T10:00:00Z","running_jobs":0,
         "incarnation_count":1,
         "recent_incarnations":[{"epoch":1,"host":"h3","pid":7,"version":"v1.0.0","commit_sha":"abcdef0123456789abcdef0123456789abcdef01",
           "started_at":"2026-11-01T09:00:00Z","last_heartbeat_at":"2026-11-02T09:00:00Z","ended_at":"2026-11-02T09:00:00Z","end_reason":"graceful"}],
         "duplicate_start_count":0,"recent_duplicate_starts":[]}
        """;

    public const string List = "{\n  \"workers\": [\n" + Worker01 + ",\n" + Worker02Inactive + "\n  ],\n  \"total\": 2\n}\n";

    public const string EmptyList = """{ "workers": [] }""";

    public static string Error(string code, string message) =>
        $$"""{"error_code":"{{code}}","error_message":"{{message}}"}""";
}
