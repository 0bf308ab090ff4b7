using System.Text.Json.Nodes;
using Amp.Core.Jobs;
using Amp.Core.Workers;
using Npgsql;

namespace Amp.MetadataDb.Jobs;

/// <summary>Maps rows of the common job SELECT (jobs ⋈ jobs_status) to <see cref="JobRecord"/>.</summary>
internal static class JobReader
{
    public const string Columns = """
        j.id, js.node_id, js.status, j.created_at, js.updated_at, j.descriptor::text, js.attempts, j.max_attempts,
        js.epoch, js.detail::text, js.progress::text
        """;

    public static JobRecord Read(NpgsqlDataReader r)
    {
        JobStatuses.TryParse(r.GetString(2), out var status);
        return new JobRecord(
            new JobId(r.GetInt64(0)),
            NodeId.FromTrusted(r.GetString(1)),
            status,
            r.GetDateTime(3),
            r.GetDateTime(4),
            Json(r.GetString(5)) ?? [],
            r.GetInt32(6),
            r.GetInt32(7),
            r.IsDBNull(8) ? null : new Epoch(r.GetInt64(8)),
            r.IsDBNull(9) ? null : Json(r.GetString(9)),
            r.IsDBNull(10) ? null : Json(r.GetString(10)));
    }

    public static JsonObject? Json(string? text) => text is null ? null : JsonNode.Parse(text) as JsonObject;

    public static async Task<List<T>> ReadAllAsync<T>(NpgsqlCommand cmd, Func<NpgsqlDataReader, T> map, CancellationToken ct)
    {
        await using var reader = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        var list = new List<T>();
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
            list.Add(map(reader));
        return list;
    }
}
