using System.Text.Json;

namespace Amp.EndToEnd.Tests.Support;

/// <summary>Checks of the Worker object of the Admin API contract.</summary>
public static class WorkerJson
{
    public static readonly string[] Fields =
        ["node_id", "info", "created_at", "registered_at", "heartbeat_at", "status", "heartbeat_age_ms", "uptime_seconds", "restarts", "epoch"];

    public static readonly string[] InfoFields = ["version", "commit_sha", "commit_timestamp", "build_date"];

    /// <summary>
    /// Every field of the contract, each of the right JSON type, timestamps in contract form. Fields added
    /// later are allowed: scripts only ever read the fields they know.
    /// </summary>
    public static void AssertShape(JsonElement w)
    {
        Assert.Equal(JsonValueKind.Object, w.ValueKind);
        AssertHasAll(Fields, w.EnumerateObject().Select(p => p.Name), "worker");
        Assert.Equal(JsonValueKind.String, w.GetProperty("node_id").ValueKind);
        var info = w.GetProperty("info");
        AssertHasAll(InfoFields, info.EnumerateObject().Select(p => p.Name), "worker info");
        foreach (var f in InfoFields)
            Assert.False(string.IsNullOrEmpty(info.GetProperty(f).GetString()), $"info.{f} is empty");
        foreach (var f in new[] { "created_at", "registered_at", "heartbeat_at" })
            Rfc3339.AssertTimestamp(w.GetProperty(f).GetString(), f);
        Assert.Contains(w.GetProperty("status").GetString(), new[] { "active", "stalled", "inactive" });
        Assert.True(w.GetProperty("heartbeat_age_ms").GetInt64() >= 0);
        Assert.True(w.GetProperty("restarts").GetInt64() >= 0);
        Assert.True(w.GetProperty("epoch").GetInt64() >= 1);
        var uptime = w.GetProperty("uptime_seconds");
        if (w.GetProperty("status").GetString() == "inactive")
            Assert.Equal(JsonValueKind.Null, uptime.ValueKind);
        else
            Assert.True(uptime.GetInt64() >= 0);
        Assert.True(Rfc3339.Of(w, "created_at") <= Rfc3339.Of(w, "registered_at"), "created_at is after registered_at");
        Assert.True(Rfc3339.Of(w, "registered_at") <= Rfc3339.Of(w, "heartbeat_at"), "registered_at is after heartbeat_at");
    }

    public static void AssertHasAll(IEnumerable<string> expected, IEnumerable<string> actual, string what)
    {
        var missing = expected.Except(actual, StringComparer.Ordinal).ToList();
        Assert.True(missing.Count == 0, $"{what} lacks {string.Join(", ", missing)}");
    }

    public static string Str(this JsonElement w, string field) => w.GetProperty(field).GetString()!;

    public static long Num(this JsonElement w, string field) => w.GetProperty(field).GetInt64();
}
