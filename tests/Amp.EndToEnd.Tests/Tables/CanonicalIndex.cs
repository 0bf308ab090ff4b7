using Amp.DataStore.Parquet;
using Amp.DataStore.Segments;
using Amp.Testing;
using Npgsql;

namespace Amp.EndToEnd.Tests.Tables;

/// <summary>One canonical segment as the file index describes it; <see cref="Id"/> is left out of equality (restore assigns new ids).</summary>
public sealed record IndexedSegment(long Id, string RevisionPath, string FileName, string Url, long Size, string Meta)
{
    public string Key => $"{RevisionPath}/{FileName} {Size} {Meta} {Url}";
}

/// <summary>
/// The canonical chain of each table of a dataset version, read from the metadata database exactly as the extraction
/// reads it (the active revision's <c>file_metadata</c> through <see cref="Chains"/>), plus the footer cache.
/// </summary>
public static class CanonicalIndex
{
    public static readonly string[] Tables = ["blocks", "transactions", "logs"];

    private const string FilesSql = """
        SELECT f.id, r.path, f.file_name, f.url, coalesce(f.object_size, -1), f.metadata::text, c.footer
        FROM physical_tables t
        JOIN physical_table_revisions r ON r.id = t.active_revision_id
        JOIN file_metadata f ON f.location_id = r.id
        LEFT JOIN footer_cache c ON c.file_id = f.id
        WHERE t.dataset_namespace = $1 AND t.dataset_name = $2 AND t.table_name = $3
        """;

    public static async Task<Dictionary<string, IReadOnlyList<IndexedSegment>>> ReadAsync(MetadataDbFixture db, string ns, string name)
    {
        var result = new Dictionary<string, IReadOnlyList<IndexedSegment>>(StringComparer.Ordinal);
        await using var conn = await db.Db.DataSource.OpenConnectionAsync();
        foreach (var table in Tables)
        {
            var rows = new List<(Segment Segment, IndexedSegment Row)>();
            await using (var cmd = new NpgsqlCommand(FilesSql, conn))
            {
                cmd.Parameters.AddWithValue(ns);
                cmd.Parameters.AddWithValue(name);
                cmd.Parameters.AddWithValue(table);
                await using var reader = await cmd.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                    Assert.False(reader.IsDBNull(6), $"file {reader.GetString(2)} of {table} has no footer_cache row");
                    var meta = ParquetMetaJson.Parse(reader.GetString(5));
                    var row = new IndexedSegment(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetInt64(4),
                        ParquetMetaJson.Serialize(meta));
                    rows.Add((meta.ToSegment(new FileId(row.Id), row.Size), row));
                }
            }
            var chains = Chains.Of(rows.Select(r => r.Segment));
            result[table] = chains is null
                ? []
                : chains.Canonical.Select(s => rows.Single(r => r.Row.Id == s.Id.Value).Row).ToList();
        }
        return result;
    }

    /// <summary>Asserts both indexes have the same canonical chains (same files, ranges, hashes, sizes, order), ids aside.</summary>
    public static void AssertSameChains(Dictionary<string, IReadOnlyList<IndexedSegment>> expected, Dictionary<string, IReadOnlyList<IndexedSegment>> actual, bool sameUrls = true)
    {
        foreach (var table in Tables)
        {
            Assert.NotEmpty(expected[table]);
            Assert.Equal(expected[table].Select(s => Strip(s, sameUrls)), actual[table].Select(s => Strip(s, sameUrls)));
            // The relative order of ids (which breaks ties between equal segments) is kept too.
            Assert.Equal(Ranks(expected[table]), Ranks(actual[table]));
        }
    }

    private static string Strip(IndexedSegment s, bool withUrl) => withUrl ? s.Key : $"{s.RevisionPath}/{s.FileName} {s.Size} {s.Meta}";

    private static IEnumerable<int> Ranks(IReadOnlyList<IndexedSegment> chain)
    {
        var order = chain.Select(s => s.Id).Order().ToList();
        return chain.Select(s => order.IndexOf(s.Id));
    }
}
