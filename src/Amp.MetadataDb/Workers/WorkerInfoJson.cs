using System.Text.Json;
using System.Text.Json.Nodes;
using Amp.Core.Build;

namespace Amp.MetadataDb.Workers;

/// <summary>The <c>workers.info</c> JSONB document: version, commit_sha, commit_timestamp, build_date.</summary>
internal static class WorkerInfoJson
{
    public static string Serialize(BuildInfo info) => new JsonObject
    {
        ["version"] = info.Version,
        ["commit_sha"] = info.CommitSha,
        ["commit_timestamp"] = info.CommitTimestamp,
        ["build_date"] = info.BuildDate,
    }.ToJsonString();

    /// <summary>Missing or unreadable fields read as "unknown", as in Amp.</summary>
    public static BuildInfo Deserialize(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
            return BuildInfo.Unavailable;
        try
        {
            using var doc = JsonDocument.Parse(json);
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
                return BuildInfo.Unavailable;
            string Get(string name) =>
                doc.RootElement.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 } s
                    ? s
                    : BuildInfo.Unknown;
            return new BuildInfo(Get("version"), Get("commit_sha"), Get("commit_timestamp"), Get("build_date"));
        }
        catch (JsonException)
        {
            return BuildInfo.Unavailable;
        }
    }
}
