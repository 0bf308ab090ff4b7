using System.Text.Encodings.Web;
using System.Text.Json;

namespace Ampctl.Tests.Fakes;

/// <summary>Builds contract-shaped bodies for fleet scenarios: workers with chosen status, build and drain state.</summary>
public static class CannedFleet
{
    public const string ShaA = "0123456789abcdef0123456789abcdef01234567";
    public const string ShaB = "abcdef0123456789abcdef0123456789abcdef01";

    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>One worker object as in <c>GET /workers</c>, with the lifecycle fields.</summary>
    public static string Worker(
        string nodeId,
        string status = "active",
        long ageMs = 400,
        string version = "v1.2.0",
        string sha = ShaA,
        string? drainingSince = null,
        string? drainAcknowledgedAt = null,
        string? retiredAt = null,
        int runningJobs = 0,
        int restarts = 0) =>
        $$"""
        {"node_id":{{Str(nodeId)}},"info":{"version":{{Str(version)}},"commit_sha":{{Str(sha)}},"commit_timestamp":"2026-11-20T10:00:00Z","build_date":"2026-11-21"},
         "created_at":"2026-11-28T09:00:00Z","registered_at":"2026-11-29T18:20:15Z","heartbeat_at":"2026-11-29T18:25:01Z",
         "status":{{Str(status)}},"heartbeat_age_ms":{{ageMs}},"uptime_seconds":{{(status == "inactive" ? "null" : "286")}},"restarts":{{restarts}},"epoch":{{restarts + 1}},
         "draining_since":{{Str(drainingSince)}},"drain_acknowledged_at":{{Str(drainAcknowledgedAt)}},"retired_at":{{Str(retiredAt)}},"running_jobs":{{runningJobs}}}
        """;

    /// <summary>A <c>GET /workers</c> body of these workers.</summary>
    public static string List(params string[] workers) => "{\"workers\":[" + string.Join(",\n", workers) + "]}";

    public static string Str(string? value) => value is null ? "null" : JsonSerializer.Serialize(value, Relaxed);
}
