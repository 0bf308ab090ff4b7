using System.Buffers.Binary;
using System.Text;

namespace Amp.DataStore.Parquet.Footers;

/// <summary>
/// The footer of a closed Parquet file: <c>[page indexes] FileMetaData len "PAR1"</c>. Reads it, amends its key/value
/// entries in place (ParquetSharp takes key/value metadata only at open, Amp's entries are known only at close), and
/// serialises it for <c>footer_cache</c> the way Amp's <c>ParquetMetaDataWriter</c> does: the page indexes, then the
/// metadata with the page-index offsets counted from the start of those bytes, then the length and the magic.
/// </summary>
internal static class ParquetFooter
{
    private static readonly byte[] Magic = "PAR1"u8.ToArray();

    // Parquet's FileMetaData, KeyValue, RowGroup and ColumnChunk field ids.
    private const short RowGroupsField = 4, KeyValueMetadataField = 5, KeyField = 1, ValueField = 2, ColumnsField = 1;
    private const short OffsetIndexOffsetField = 4, ColumnIndexOffsetField = 6;

    /// <summary>The decoded FileMetaData and the file offset where it begins.</summary>
    public static (ThriftStruct Metadata, long Start) Read(Stream file)
    {
        if (file.Length < 12)
            throw new InvalidDataException($"{file.Length} bytes is too short for a Parquet file");
        Span<byte> tail = stackalloc byte[8];
        file.Seek(-8, SeekOrigin.End);
        file.ReadExactly(tail);
        if (!tail[4..].SequenceEqual(Magic))
            throw new InvalidDataException("the file does not end with the Parquet magic 'PAR1'");
        var length = BinaryPrimitives.ReadInt32LittleEndian(tail);
        var start = file.Length - 8 - length;
        if (length <= 0 || start < 4)
            throw new InvalidDataException($"footer length {length} does not fit a file of {file.Length} bytes");
        var bytes = new byte[length];
        file.Seek(start, SeekOrigin.Begin);
        file.ReadExactly(bytes);
        try
        {
            return (ThriftCompact.ReadStruct(bytes, out _), start);
        }
        catch (Exception ex) when (ex is IndexOutOfRangeException or ArgumentOutOfRangeException or OverflowException)
        {
            throw new InvalidDataException("the Parquet footer is truncated");
        }
    }

    public static IReadOnlyList<KeyValuePair<string, string?>> KeyValues(ThriftStruct metadata) =>
        metadata.Field(KeyValueMetadataField)?.Value is ThriftList list
            ? list.Items.OfType<ThriftStruct>().Select(kv => new KeyValuePair<string, string?>(
                Text(kv.Field(KeyField)) ?? "", Text(kv.Field(ValueField)))).ToList()
            : [];

    /// <summary>Appends key/value entries to the footer of <paramref name="file"/>, rewriting only the footer.</summary>
    public static void AppendKeyValues(FileStream file, IEnumerable<KeyValuePair<string, string>> entries)
    {
        var (metadata, start) = Read(file);
        var list = metadata.Field(KeyValueMetadataField)?.Value as ThriftList ?? new ThriftList(ThriftCompact.Struct, []);
        foreach (var (key, value) in entries)
        {
            var kv = new ThriftStruct();
            kv.Set(KeyField, ThriftCompact.Binary, Encoding.UTF8.GetBytes(key));
            kv.Set(ValueField, ThriftCompact.Binary, Encoding.UTF8.GetBytes(value));
            list.Items.Add(kv);
        }
        metadata.Set(KeyValueMetadataField, ThriftCompact.List, list);

        file.SetLength(start);
        file.Seek(start, SeekOrigin.Begin);
        WriteMetadata(file, ThriftCompact.Write(metadata));
    }

    /// <summary>The footer as <c>footer_cache</c> holds it (see the class summary).</summary>
    public static byte[] CacheBytes(Stream file)
    {
        var (metadata, start) = Read(file);
        var columns = ColumnChunks(metadata).ToList();
        var indexStart = columns
            .SelectMany(c => new[] { c.Field(OffsetIndexOffsetField), c.Field(ColumnIndexOffsetField) })
            .Select(f => f?.Value)
            .OfType<long>()
            .DefaultIfEmpty(start)
            .Min();
        if (indexStart < 4 || indexStart > start)
            throw new InvalidDataException($"page index offset {indexStart} lies outside the data before the footer at {start}");

        foreach (var column in columns)
        {
            foreach (var id in new[] { OffsetIndexOffsetField, ColumnIndexOffsetField })
            {
                if (column.Field(id)?.Value is long offset)
                    column.Set(id, ThriftCompact.I64, offset - indexStart);
            }
        }

        var output = new MemoryStream();
        var indexes = new byte[start - indexStart];
        file.Seek(indexStart, SeekOrigin.Begin);
        file.ReadExactly(indexes);
        output.Write(indexes);
        WriteMetadata(output, ThriftCompact.Write(metadata));
        return output.ToArray();
    }

    private static IEnumerable<ThriftStruct> ColumnChunks(ThriftStruct metadata) =>
        metadata.Field(RowGroupsField)?.Value is ThriftList rowGroups
            ? rowGroups.Items.OfType<ThriftStruct>()
                .SelectMany(rg => rg.Field(ColumnsField)?.Value is ThriftList columns ? columns.Items.OfType<ThriftStruct>() : [])
            : [];

    private static void WriteMetadata(Stream output, byte[] metadata)
    {
        output.Write(metadata);
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(length, metadata.Length);
        output.Write(length);
        output.Write(Magic);
    }

    private static string? Text(ThriftField? field) => field?.Value is byte[] bytes ? Encoding.UTF8.GetString(bytes) : null;
}
