using Amp.MetadataDb.Connection;
using Amp.Core.Build;
using Amp.Core.Workers;
using Npgsql;
using NpgsqlTypes;

namespace Amp.MetadataDb.Workers;

/// <summary>All SQL on <c>worker_duplicate_starts</c>: processes refused because their node ID was in use.</summary>
public sealed class DuplicateStartRepository(NpgsqlDataSource db)
{
    private const string RecordSql = """
        INSERT INTO worker_duplicate_starts (node_id, host, pid, info, holder_backend_pid)
        VALUES ($1, $2, $3, $4, $5)
        """;

    private const string ListSql = """
        SELECT refused_at, host, pid, info::text, holder_backend_pid, id
        FROM worker_duplicate_starts
        WHERE node_id = $1 AND ($3::bigint IS NULL OR id < $3)
        ORDER BY id DESC
        LIMIT $2
        """;

    private const string CountSql = """
        SELECT count(*) FILTER (WHERE node_id = $1 OR $1 IS NULL),
               count(*) FILTER (WHERE (node_id = $1 OR $1 IS NULL) AND refused_at > now() - interval '24 hours')
        FROM worker_duplicate_starts
        """;

    /// <summary>Refused starts in total and in the last 24 hours, for one node or (null) the whole fleet.</summary>
    public async Task<(long Total, long Last24Hours)> CountAsync(NodeId? nodeId, CancellationToken ct)
    {
        await using var conn = await db.OpenBoundedAsync(ct).ConfigureAwait(false);
        await using var cmd = new NpgsqlCommand(CountSql, conn);
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)nodeId?.Value ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        await using var reader = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        await reader.ReadAsync(ct).ConfigureAwait(false);
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    public async Task RecordAsync(NodeId nodeId, ProcessOrigin contender, BuildInfo info, int? holderBackendPid, CancellationToken ct)
    {
        await using var conn = await db.OpenBoundedAsync(ct).ConfigureAwait(false);
        await using var cmd = new NpgsqlCommand(RecordSql, conn);
        cmd.Parameters.AddWithValue(nodeId.Value);
        cmd.Parameters.AddWithValue(contender.Host);
        cmd.Parameters.AddWithValue(contender.Pid);
        cmd.Parameters.Add(new NpgsqlParameter { Value = WorkerInfoJson.Serialize(info), NpgsqlDbType = NpgsqlDbType.Jsonb });
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)holderBackendPid ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Integer });
        await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    /// <summary>Refused starts of the node, newest first; with <paramref name="beforeId"/>, only older ones (paging).</summary>
    public async Task<IReadOnlyList<DuplicateStartRecord>> ListAsync(NodeId nodeId, int limit, CancellationToken ct, long? beforeId = null)
    {
        await using var conn = await db.OpenBoundedAsync(ct).ConfigureAwait(false);
        await using var cmd = new NpgsqlCommand(ListSql, conn);
        cmd.Parameters.AddWithValue(nodeId.Value);
        cmd.Parameters.AddWithValue(limit);
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)beforeId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bigint });
        await using var reader = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        var list = new List<DuplicateStartRecord>();
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
            list.Add(new DuplicateStartRecord(nodeId, reader.GetDateTime(0), new ProcessOrigin(reader.GetString(1), reader.GetInt32(2)),
                WorkerInfoJson.Deserialize(reader.GetString(3)), reader.IsDBNull(4) ? null : reader.GetInt32(4)) { Id = reader.GetInt64(5) });
        return list;
    }
}

public sealed record DuplicateStartRecord(NodeId NodeId, DateTime RefusedAt, ProcessOrigin Contender, BuildInfo Info, int? HolderBackendPid)
{
    public long Id { get; init; }
}
