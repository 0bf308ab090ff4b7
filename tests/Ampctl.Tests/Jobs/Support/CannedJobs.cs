namespace Ampctl.Tests.Jobs.Support;

/// <summary>Job bodies as the Admin API serves them, pretty-printed, some with fields this client does not know.</summary>
public static class CannedJobs
{
    public const string ManifestHash = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    public const string Running12 = """
        {
          "id": 12,
          "created_at": "2026-11-29T18:20:15Z",
          "updated_at": "2026-11-29T18:20:16Z",
          "node_id": "worker-01",
          "status": "RUNNING",
          "descriptor": { "kind": "sleep", "seconds": 60 },
          "attempts": 1,
          "max_attempts": 10,
          "epoch": 3,
          "note": "caf\u00e9  two  spaces"
        }
        """;

    public const string Running12Compact =
        """{"id":12,"created_at":"2026-11-29T18:20:15Z","updated_at":"2026-11-29T18:20:16Z","node_id":"worker-01","status":"RUNNING","descriptor":{"kind":"sleep","seconds":60},"attempts":1,"max_attempts":10,"epoch":3,"note":"caf\u00e9  two  spaces"}""";

    public const string Error11 = """
        {
          "id": 11,
          "created_at": "2026-11-29T18:10:00Z",
          "updated_at": "2026-11-29T18:12:30Z",
          "node_id": "worker-02",
          "status": "error",
          "descriptor": { "kind": "sleep", "seconds": 5, "fail": "error" },
          "attempts": 2,
          "max_attempts": 10,
          "epoch": null
        }
        """;

    public const string Raw9 = $$"""
        {
          "id": 9,
          "created_at": "2026-11-28T09:00:00Z",
          "updated_at": "2026-11-28T10:00:00Z",
          "node_id": "worker-01",
          "status": "COMPLETED",
          "descriptor": {
            "kind": "materialize-raw",
            "dataset_namespace": "eth",
            "dataset_name": "blocks",
            "manifest_hash": "{{ManifestHash}}",
            "end_block": "1000",
            "max_writers": 1,
            "verify": false
          },
          "attempts": 1,
          "max_attempts": 10,
          "epoch": 1
        }
        """;

    public const string Derived8 = """
        {
          "id": 8,
          "created_at": "2026-11-28T08:00:00Z",
          "updated_at": "2026-11-28T08:00:05Z",
          "node_id": "worker-03",
          "status": "PAUSED_SOMEHOW",
          "descriptor": { "kind": "materialize-derived", "dataset_name": "transfers", "end_block": null },
          "attempts": 1,
          "max_attempts": 10,
          "epoch": 2
        }
        """;

    public const string NoDescriptor7 = """
        {
          "id": 7,
          "created_at": "2026-11-27T08:00:00Z",
          "updated_at": "2026-11-27T08:00:05Z",
          "node_id": "worker-01",
          "status": "STOPPED",
          "descriptor": null
        }
        """;

    public const string Page = "{\n  \"jobs\": [\n" + Running12 + ",\n" + Error11 + ",\n" + Raw9 + ",\n" + Derived8 + ",\n" + NoDescriptor7
        + "\n  ],\n  \"next_cursor\": 7\n}\n";

    public const string LastPage = "{ \"jobs\": [" + Running12 + "] }";

    public const string EmptyPage = """{ "jobs": [] }""";

    public const string Scheduled = """{ "job_id": 42 }""";

    public static string Error(string code, string message) =>
        $$"""{"error_code":"{{code}}","error_message":"{{message}}"}""";
}
