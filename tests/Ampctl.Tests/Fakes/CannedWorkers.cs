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
          "running_jobs": [ 7, 9 ],
          "note": "caf\u00e9 \"quoted\"  two  spaces"
        }
        """;

    /// <summary><see cref="Worker01"/> with only the insignificant whitespace removed.</summary>
    public const string Worker01Compact =
        """{"node_id":"worker-01","info":{"version":"v0.1.0-3-gabcdef0","commit_sha":"0123456789abcdef0123456789abcdef01234567","commit_timestamp":"2026-11-29T18:00:00Z","build_date":"2026-11-29"},"created_at":"2026-11-29T18:20:15Z","registered_at":"2026-11-29T18:20:15Z","heartbeat_at":"2026-11-29T18:25:01Z","status":"active","heartbeat_age_ms":412,"uptime_seconds":286,"restarts":0,"epoch":1,"running_jobs":[7,9],"note":"caf\u00e9 \"quoted\"  two  spaces"}""";

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

    public const string List = "{\n  \"workers\": [\n" + Worker01 + ",\n" + Worker02Inactive + "\n  ],\n  \"total\": 2\n}\n";

    public const string EmptyList = """{ "workers": [] }""";

    public static string Error(string code, string message) =>
        $$"""{"error_code":"{{code}}","error_message":"{{message}}"}""";
}
