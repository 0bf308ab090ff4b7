
using Amp.DataStore.Parquet;
using Amp.DataStore.Parquet.Footers;
using Amp.DataStore.Parquet.Writing;
using ParquetSharp;
using static Amp.DataStore.Tests.Parquet.TestTables;

namespace Amp.DataStore.Tests.Parquet;

/// <summary>Reading footers back for restore and footer_cache, and the Thrift codec under the amendment.</summary>
public sealed class SegmentFooterTests : IDisposable
{
    private readonly TestDirectory _dir = new();
    private readonly TableRevisionPath _location = TableRevisionPath.NewRevision("_", "anvil_rpc", "blocks");

    public void Dispose() => _dir.Dispose();

    private async Task<List<WrittenSegment>> WriteSegmentsAsync()
    {
        using var writer = new TableSegmentWriter(_dir.Store, _location, Schema, [new(0, 100)], SegmentWriterOptions.Default, TimeProvider.System);
        var blocks = Enumerable.Range(0, 8).Select(b => Block((ulong)b, fork: b >= 5 ? (byte)1 : (byte)0, parentFork: b >= 5 ? (byte)1 : (byte)0)).ToArray();
        var closed = (await writer.WriteAsync(Batch(blocks.Select(b => b.Start), b => 40), blocks, default)).ToList();
        closed.Add((await writer.CompleteAsync(default))!);
        return closed;
    }

    [Fact]
    public async Task Restore_reads_every_files_meta_back_from_its_footer()
    {
        var written = await WriteSegmentsAsync();
        Assert.Equal(2, written.Count);

        var restored = new List<(string Path, SegmentFooter Footer)>();
        await foreach (var info in _dir.Store.ListAsync(_location.Directory, default))
            restored.Add((info.Path, await SegmentFooterReader.ReadAsync(_dir.Store, info.Path, default)));

        Assert.Equal(written.Select(w => w.Path).Order(), restored.Select(r => r.Path));
        foreach (var segment in written)
        {
            var footer = restored.Single(r => r.Path == segment.Path).Footer;
            Assert.Equal(ParquetMetaJson.Serialize(segment.Meta), ParquetMetaJson.Serialize(footer.Meta));
            Assert.Equal(segment.Footer, footer.Footer);
            Assert.Equal(["ARROW:schema", "nozzle_metadata", "parent_file_ids", "generation"], footer.KeyValues.Select(kv => kv.Key));
        }
    }

    [Fact]
    public async Task Footer_cache_bytes_read_as_a_parquet_tail_with_page_indexes_counted_from_their_start()
    {
        var segment = (await WriteSegmentsAsync())[0];
        var footerFile = Path.Combine(_dir.Path, "footer-only.bin");
        await File.WriteAllBytesAsync(footerFile, segment.Footer);

        using (var original = new ParquetFileReader(_dir.Store.LocalPathOf(segment.Path)!))
        using (var cached = new ParquetFileReader(footerFile))
        {
            Assert.Equal(original.FileMetaData.NumRows, cached.FileMetaData.NumRows);
            Assert.Equal(original.FileMetaData.NumColumns, cached.FileMetaData.NumColumns);
            Assert.Equal(original.FileMetaData.KeyValueMetadata, cached.FileMetaData.KeyValueMetadata);
        }

        var fileBytes = await File.ReadAllBytesAsync(_dir.Store.LocalPathOf(segment.Path)!);
        var (fileMeta, _) = ParquetFooter.Read(new MemoryStream(fileBytes));
        var (cacheMeta, cacheStart) = ParquetFooter.Read(new MemoryStream(segment.Footer));
        var indexes = IndexLocations(fileMeta).Zip(IndexLocations(cacheMeta)).ToList();
        Assert.NotEmpty(indexes);
        foreach (var ((fileOffset, length), (cacheOffset, cacheLength)) in indexes)
        {
            Assert.Equal(length, cacheLength);
            Assert.InRange(cacheOffset + length, 1, cacheStart);
            Assert.Equal(fileBytes.AsSpan((int)fileOffset, length).ToArray(), segment.Footer.AsSpan((int)cacheOffset, length).ToArray());
        }
    }

    [Fact]
    public void The_thrift_codec_writes_back_a_parquetsharp_footer_byte_for_byte()
    {
        var path = Path.Combine(_dir.Path, "plain.parquet");
        using (var writer = new ParquetSharp.Arrow.FileWriter(path, Schema,
            new WriterPropertiesBuilder().EnableWritePageIndex().Build(), new ParquetSharp.Arrow.ArrowWriterPropertiesBuilder().StoreSchema().Build()))
        {
            writer.WriteRecordBatch(Batch([1, 2, 3], b => 3));
            writer.Close();
        }
        var bytes = File.ReadAllBytes(path);
        var length = BitConverter.ToInt32(bytes, bytes.Length - 8);
        var metadata = bytes.AsSpan(bytes.Length - 8 - length, length).ToArray();

        Assert.Equal(metadata, ThriftCompact.Write(ThriftCompact.ReadStruct(metadata, out var consumed)));
        Assert.Equal(length, consumed);
    }

    [Fact]
    public void A_parquet_file_without_amps_entry_is_refused_with_the_reason()
    {
        var path = Path.Combine(_dir.Path, "plain.parquet");
        using (var writer = new ParquetSharp.Arrow.FileWriter(path, Schema))
        {
            writer.WriteRecordBatch(Batch([1], b => 1));
            writer.Close();
        }
        using var file = File.OpenRead(path);
        Assert.False(SegmentFooterReader.TryRead(file, out _, out var error));
        Assert.Equal("the footer has no 'nozzle_metadata' entry", error);
    }

    [Theory]
    [InlineData("not a parquet file at all", "does not end with the Parquet magic")]
    [InlineData("PAR1", "too short")]
    [InlineData("PAR1\u0019\u001c\u0016\u0000\u0015\u0004PAR1xxxx\u00ff\u0000\u0000\u0000PAR1", "does not fit")]
    public void Bytes_that_are_not_a_segment_are_refused_with_the_reason(string content, string reason)
    {
        using var file = new MemoryStream(System.Text.Encoding.Latin1.GetBytes(content));
        Assert.False(SegmentFooterReader.TryRead(file, out _, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_truncated_footer_is_refused_and_the_message_names_the_file()
    {
        var segment = (await WriteSegmentsAsync())[0];
        var bytes = await File.ReadAllBytesAsync(_dir.Store.LocalPathOf(segment.Path)!);
        var length = BitConverter.ToInt32(bytes, bytes.Length - 8);
        var broken = bytes.AsSpan(0, bytes.Length - 8 - length).ToArray()
            .Concat(bytes.AsSpan(bytes.Length - 8 - length, 10).ToArray())
            .Concat(BitConverter.GetBytes(10)).Concat("PAR1"u8.ToArray()).ToArray();
        await _dir.Store.WriteAllBytesAsync("broken/000000000-0000000000000000.parquet", broken, default);

        var error = await Assert.ThrowsAsync<InvalidDataException>(() =>
            SegmentFooterReader.ReadAsync(_dir.Store, "broken/000000000-0000000000000000.parquet", default));
        Assert.Contains("broken/000000000-0000000000000000.parquet", error.Message, StringComparison.Ordinal);
        Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
    }

    private static IEnumerable<(long Offset, int Length)> IndexLocations(ThriftStruct metadata) =>
        ((ThriftList)metadata.Field(4)!.Value).Items.Cast<ThriftStruct>()
            .SelectMany(rg => ((ThriftList)rg.Field(1)!.Value).Items.Cast<ThriftStruct>())
            .SelectMany(c => new[] { (c.Field(4), c.Field(5)), (c.Field(6), c.Field(7)) })
            .Where(p => p.Item1 is not null)
            .Select(p => ((long)p.Item1!.Value, (int)p.Item2!.Value));
}
