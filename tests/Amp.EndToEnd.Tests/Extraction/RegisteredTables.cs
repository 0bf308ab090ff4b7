using System.Globalization;
using Amp.DataStore.Segments;
using Amp.MetadataDb.Datasets;
using DuckDB.NET.Data;

namespace Amp.EndToEnd.Tests.Extraction;

/// <summary>
/// What the metadata database of an <see cref="ExtractionFleet"/> holds for a dataset's table: its registered files
/// (the active revision's <c>file_metadata</c>) and, through <see cref="Chains"/>, the canonical chain a query reads.
/// </summary>
public static class RegisteredTables
{
    /// <summary>The registered files of <c>_/name</c>'s table in its active revision; none before the job created it.</summary>
    public static async Task<IReadOnlyList<RegisteredFile>> FilesAsync(ExtractionFleet fleet, string name, string table)
    {
        var revision = await fleet.Db.ScalarAsync<long?>(
            "SELECT active_revision_id FROM physical_tables WHERE dataset_namespace = '_' AND dataset_name = $1 AND table_name = $2", name, table);
        return revision is { } id ? await new FileMetadataRepository(fleet.Db.Db.DataSource).ListAsync(new LocationId(id), CancellationToken.None) : [];
    }

    /// <summary>The end of the contiguous run of files from block 0 (the block a resumed job starts after); -1 when none starts at 0.</summary>
    public static long ContiguousEnd(IReadOnlyList<RegisteredFile> files)
    {
        var end = -1L;
        foreach (var segment in files.Select(f => f.Segment).OrderBy(s => s.Start))
        {
            if ((long)segment.Start > end + 1)
                break;
            end = Math.Max(end, (long)segment.End);
        }
        return end;
    }

    /// <summary>(number, hash) of every block of the canonical chain of <c>_/name</c>'s <c>blocks</c>, read by DuckDB from the files.</summary>
    public static async Task<IReadOnlyList<(ulong Number, string Hash)>> CanonicalBlocksAsync(ExtractionFleet fleet, string name)
    {
        var files = await FilesAsync(fleet, name, "blocks");
        if (Chains.Of(files.Select(f => f.Segment)) is not { } chains)
            return [];
        var canonical = chains.Canonical.Select(c => c.Id).ToHashSet();
        var paths = string.Join(", ", files.Where(f => canonical.Contains(f.Segment.Id))
            .Select(f => $"'{Path.Combine(ExtractionFleet.DataDir, "_", name, "blocks", "*", f.FileName)}'"));
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT block_num, '0x' || lower(hex(hash)) FROM read_parquet([{paths}]) ORDER BY block_num";
        using var reader = command.ExecuteReader();
        var blocks = new List<(ulong, string)>();
        while (reader.Read())
            blocks.Add((Convert.ToUInt64(reader.GetValue(0), CultureInfo.InvariantCulture), reader.GetString(1)));
        return blocks;
    }
}
