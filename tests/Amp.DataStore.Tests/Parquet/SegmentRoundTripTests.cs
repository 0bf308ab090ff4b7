using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Amp.DataStore.Parquet;
using Amp.DataStore.Parquet.Writing;
using Apache.Arrow;
using Apache.Arrow.Arrays;
using DuckDB.NET.Data;
using ParquetSharp;
using ArrowFileReader = ParquetSharp.Arrow.FileReader;

namespace Amp.DataStore.Tests.Parquet;

/// <summary>A segment written with every tricky type, read back by ParquetSharp and by DuckDB.</summary>
public sealed partial class SegmentRoundTripTests : IDisposable
{
    private readonly TestDirectory _dir = new();
    private readonly TableRevisionPath _location = TableRevisionPath.NewRevision("_", "anvil_rpc", "transactions");

    public void Dispose() => _dir.Dispose();

    private async Task<WrittenSegment> WriteThreeBatchesAsync()
    {
        using var writer = new TableSegmentWriter(_dir.Store, _location, TestTables.Schema, [new(0, 99)], SegmentWriterOptions.Default, TimeProvider.System);
        foreach (var blocks in new[] { new ulong[] { 0, 1, 2 }, [3, 4], [5, 6, 7, 8] })
        {
            var closed = await writer.WriteAsync(TestTables.Batch(blocks, b => (int)(b % 4) * 3), [.. blocks.Select(b => TestTables.Block(b))], default);
            Assert.Empty(closed);
        }
        return (await writer.CompleteAsync(default))!;
    }

    [Fact]
    public async Task File_has_amps_name_under_the_revision_directory_and_no_temporary_file_remains()
    {
        var written = await WriteThreeBatchesAsync();
        Assert.Matches(FileNamePattern(), written.FileName.Value);
        Assert.StartsWith("000000000-", written.FileName.Value, StringComparison.Ordinal);
        Assert.Equal(7, _location.Revision.Version);
        Assert.Equal($"_/anvil_rpc/transactions/{_location.Revision.ToString().ToLowerInvariant()}/{written.FileName}", written.Path);
        Assert.Equal([written.Path], _dir.Files().Select(f => f.Replace('\\', '/')));
        Assert.Equal(new FileInfo(_dir.Store.LocalPathOf(written.Path)!).Length, written.SizeBytes);
        Assert.Equal(written.SizeBytes, written.Object.Size);
    }

    [Fact]
    public async Task ParquetSharp_reads_back_the_arrow_schema_values_and_footer_entries()
    {
        var written = await WriteThreeBatchesAsync();
        var path = _dir.Store.LocalPathOf(written.Path)!;

        using (var reader = new ArrowFileReader(path))
        {
            Assert.Equal(TestTables.Schema.FieldsList.Select(f => (f.Name, f.DataType.ToString(), f.IsNullable)),
                reader.Schema.FieldsList.Select(f => (f.Name, f.DataType.ToString(), f.IsNullable)));
            var timestamp = Assert.IsType<Apache.Arrow.Types.TimestampType>(reader.Schema.GetFieldByName("timestamp").DataType);
            Assert.Equal("+00:00", timestamp.Timezone);
            var list = Assert.IsType<Apache.Arrow.Types.ListType>(reader.Schema.GetFieldByName("access_list").DataType);
            Assert.Equal("item", list.ValueField.Name);

            using var batches = reader.GetRecordBatchReader();
            var expected = TestTables.Batch(Enumerable.Range(0, 9).Select(i => (ulong)i), b => (int)(b % 4) * 3);
            var row = 0;
            while (await batches.ReadNextRecordBatchAsync() is { } batch)
            {
                for (var i = 0; i < batch.Length; i++, row++)
                {
                    foreach (var column in new[] { 0, 3, 4 })
                        Assert.Equal(Cell(expected.Column(column), row), Cell(batch.Column(column), i));
                    Assert.Equal(((FixedSizeBinaryArray)expected.Column(6)).GetBytes(row).ToArray(), ((FixedSizeBinaryArray)batch.Column(6)).GetBytes(i).ToArray());
                    Assert.Equal(expected.Column(7).IsNull(row), batch.Column(7).IsNull(i));
                    Assert.Equal(((StringArray)expected.Column(9)).GetString(row), ((StringArray)batch.Column(9)).GetString(i));
                    Assert.Equal(((Decimal128Array)expected.Column(10)).GetValue(row), ((Decimal128Array)batch.Column(10)).GetValue(i));
                    Assert.Equal(((ListArray)expected.Column(11)).GetValueLength(row), ((ListArray)batch.Column(11)).GetValueLength(i));
                }
            }
            Assert.Equal(expected.Length, row);
        }

        using var file = new ParquetFileReader(path);
        var kv = file.FileMetaData.KeyValueMetadata;
        Assert.Equal(ParquetMetaJson.Serialize(written.Meta), kv[ParquetMeta.FooterKey]);
        Assert.Equal("[]", kv[ParquetMeta.ParentFileIdsKey]);
        Assert.Equal("0", kv[ParquetMeta.GenerationKey]);
        Assert.True(kv.ContainsKey("ARROW:schema"));
        Assert.Equal(ParquetVersion.PARQUET_2_6, file.FileMetaData.Version);
        Assert.Equal(Compression.Zstd, file.RowGroup(0).MetaData.GetColumnChunkMetaData(0).Compression);
    }

    [Fact]
    public async Task Written_meta_covers_the_blocks_with_the_last_hash_and_timestamp()
    {
        var written = await WriteThreeBatchesAsync();
        var range = Assert.Single(written.Meta.Ranges);
        Assert.Equal(new Amp.DataStore.Ranges.BlockSpan(0, 8), range.Numbers);
        Assert.Equal(TestTables.BlockHashOf(8), range.Hash);
        Assert.Equal(Amp.DataStore.Ranges.BlockHash.Zero, range.PrevHash);
        Assert.Equal(1_700_000_000UL + 12 * 8, range.Timestamp);
        Assert.Equal("anvil", range.Network);
        Assert.Equal("transactions", written.Meta.Table);
        Assert.Equal(written.FileName, written.Meta.FileName);
        Assert.Null(written.Meta.Watermark);
    }

    [Fact]
    public async Task DuckDb_reads_the_types_values_and_key_value_metadata()
    {
        var written = await WriteThreeBatchesAsync();
        var path = _dir.Store.LocalPathOf(written.Path)!;
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();

        var types = Query(connection, $"DESCRIBE SELECT * FROM read_parquet('{path}')", r => (r.GetString(0), r.GetString(1)));
        Assert.Equal([
            ("_block_num", "UBIGINT"), ("block_num", "UBIGINT"), ("timestamp", "TIMESTAMP WITH TIME ZONE"), ("tx_index", "UINTEGER"),
            ("type", "INTEGER"), ("status", "BOOLEAN"), ("tx_hash", "BLOB"), ("to", "BLOB"), ("input", "BLOB"), ("value", "VARCHAR"),
            ("gas_price", "DECIMAL(38,0)"), ("access_list", "STRUCT(address BLOB, storage_keys BLOB[])[]"),
        ], types);

        var rows = Query(connection,
            "SELECT _block_num, epoch(timestamp)::BIGINT, tx_index, hex(tx_hash), \"to\" IS NULL, value, gas_price::VARCHAR, " +
            $"len(access_list), hex(access_list[1].storage_keys[1]) FROM read_parquet('{path}') ORDER BY _block_num, tx_index",
            r => string.Join('|', Enumerable.Range(0, r.FieldCount).Select(i => r.IsDBNull(i) ? "null" : Convert.ToString(r.GetValue(i), CultureInfo.InvariantCulture))));
        Assert.Equal(36, rows.Count);
        Assert.Equal($"1|1700000012|1|{Convert.ToHexString(TestTables.TxHash(1, 1))}|False|1000000000000000001|79228162514264337593543950334|1|{Convert.ToHexString(TestTables.TxHash(1, 0))}", rows[1]);
        Assert.Equal($"1|1700000012|0|{Convert.ToHexString(TestTables.TxHash(1, 0))}|False|1000000000000000000|null|0|null", rows[0]);
        Assert.Equal($"3|1700000036|3|{Convert.ToHexString(TestTables.TxHash(3, 3))}|True|3000000000000000003|null|0|null", rows[12]);

        var kv = Query(connection, $"SELECT decode(key), decode(value) FROM parquet_kv_metadata('{path}')", r => (r.GetString(0), r.GetString(1)));
        Assert.Equal(["ARROW:schema", ParquetMeta.FooterKey, ParquetMeta.ParentFileIdsKey, ParquetMeta.GenerationKey], kv.Select(e => e.Item1));
        Assert.Contains((ParquetMeta.FooterKey, ParquetMetaJson.Serialize(written.Meta)), kv);
        Assert.Contains((ParquetMeta.ParentFileIdsKey, "[]"), kv);
        Assert.Contains((ParquetMeta.GenerationKey, "0"), kv);
    }

    private static List<T> Query<T>(DuckDBConnection connection, string sql, Func<System.Data.Common.DbDataReader, T> map)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var result = new List<T>();
        while (reader.Read())
            result.Add(map(reader));
        return result;
    }

    private static object? Cell(IArrowArray array, int index) => array switch
    {
        UInt64Array a => a.GetValue(index),
        UInt32Array a => a.GetValue(index),
        Int32Array a => a.GetValue(index),
        _ => throw new ArgumentException(array.GetType().Name),
    };

    [GeneratedRegex("^[0-9]{9}-[0-9a-f]{16}\\.parquet$")]
    private static partial Regex FileNamePattern();
}
