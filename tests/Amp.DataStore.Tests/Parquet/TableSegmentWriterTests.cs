using Amp.DataStore.Parquet;
using Amp.DataStore.Parquet.Writing;
using Amp.DataStore.Ranges;
using Apache.Arrow;
using Apache.Arrow.Arrays;
using ArrowFileReader = ParquetSharp.Arrow.FileReader;
using static Amp.DataStore.Tests.Parquet.TestTables;

namespace Amp.DataStore.Tests.Parquet;

/// <summary>The table writer applying the rotation rules of reference §5.7 to multi-block batches.</summary>
public sealed class TableSegmentWriterTests : IDisposable
{
    private readonly TestDirectory _dir = new();
    private readonly TableRevisionPath _location = TableRevisionPath.NewRevision("_", "anvil_rpc", "transactions");
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 12, 6, 12, 0, 0, TimeSpan.Zero));

    public void Dispose() => _dir.Dispose();

    private TableSegmentWriter Writer(BlockSpan[] missing, SegmentWriterOptions? options = null) =>
        new(_dir.Store, _location, TestTables.Schema, missing, options ?? SegmentWriterOptions.Default, _clock);

    private static Task<IReadOnlyList<WrittenSegment>> Write(TableSegmentWriter writer, params BlockRange[] blocks) =>
        writer.WriteAsync(Batch(blocks.Select(b => b.Start), b => 2), blocks, default);

    private static BlockRange[] Chain(ulong from, ulong to) =>
        Enumerable.Range((int)from, (int)(to - from + 1)).Select(b => Block((ulong)b)).ToArray();

    private List<ulong> BlockNumbersIn(WrittenSegment segment)
    {
        using var reader = new ArrowFileReader(_dir.Store.LocalPathOf(segment.Path)!);
        using var batches = reader.GetRecordBatchReader();
        var numbers = new List<ulong>();
        while (batches.ReadNextRecordBatchAsync().AsTask().Result is { } batch)
            numbers.AddRange(((UInt64Array)batch.Column(0)).Values.ToArray());
        return numbers;
    }

    /// <summary>Each row as text: hash, nullable address, the nested access list with its storage keys.</summary>
    private static List<string> RowsOf(RecordBatch batch)
    {
        var hashes = (FixedSizeBinaryArray)batch.Column(6);
        var to = (FixedSizeBinaryArray)batch.Column(7);
        var lists = (ListArray)batch.Column(11);
        var entries = (StructArray)lists.Values;
        var addresses = (FixedSizeBinaryArray)entries.Fields[0];
        var keyLists = (ListArray)entries.Fields[1];
        var keys = (FixedSizeBinaryArray)keyLists.Values;
        var rows = new List<string>();
        for (var i = 0; i < batch.Length; i++)
        {
            var text = $"{Convert.ToHexString(hashes.GetBytes(i))} {(to.IsNull(i) ? "null" : Convert.ToHexString(to.GetBytes(i)))}";
            if (lists.IsNull(i))
                text += " null";
            for (var e = lists.ValueOffsets[i]; e < lists.ValueOffsets[i + 1]; e++)
            {
                text += $" [{Convert.ToHexString(addresses.GetBytes(e))}:";
                for (var k = keyLists.ValueOffsets[e]; k < keyLists.ValueOffsets[e + 1]; k++)
                    text += Convert.ToHexString(keys.GetBytes(k)) + ",";
                text += "]";
            }
            rows.Add(text);
        }
        return rows;
    }

    private List<string> RowsOf(WrittenSegment segment)
    {
        using var reader = new ArrowFileReader(_dir.Store.LocalPathOf(segment.Path)!);
        using var batches = reader.GetRecordBatchReader();
        var rows = new List<string>();
        while (batches.ReadNextRecordBatchAsync().AsTask().Result is { } batch)
            rows.AddRange(RowsOf(batch));
        return rows;
    }

    [Fact]
    public async Task Only_the_tables_missing_blocks_are_written_one_file_per_missing_range()
    {
        using var writer = Writer([new(3, 5), new(8, 9)]);
        var closed = (await Write(writer, Chain(0, 9))).ToList();
        closed.Add((await writer.CompleteAsync(default))!);

        Assert.Equal([new BlockSpan(3, 5), new BlockSpan(8, 9)], closed.Select(s => s.Meta.Ranges[0].Numbers));
        Assert.Equal([3UL, 3, 4, 4, 5, 5], BlockNumbersIn(closed[0]));
        Assert.Equal([8UL, 8, 9, 9], BlockNumbersIn(closed[1]));
        Assert.Equal(RowsOf(Batch([3, 4, 5], b => 2)), RowsOf(closed[0]));
        Assert.Equal(RowsOf(Batch([8, 9], b => 2)), RowsOf(closed[1]));
        Assert.StartsWith("000000003-", closed[0].FileName.Value, StringComparison.Ordinal);
        Assert.Equal(BlockHashOf(2), closed[0].Meta.Ranges[0].PrevHash);
        Assert.Equal(BlockHashOf(7), closed[1].Meta.Ranges[0].PrevHash);
    }

    [Fact]
    public async Task A_prev_hash_that_does_not_link_splits_the_file_at_that_block()
    {
        using var writer = Writer([new(0, 100)]);
        var blocks = Chain(0, 5);
        blocks[3] = Block(3, fork: 1, parentFork: 1);
        blocks[4] = Block(4, fork: 1, parentFork: 1);
        blocks[5] = Block(5, fork: 1, parentFork: 1);
        var closed = (await Write(writer, blocks)).ToList();
        closed.Add((await writer.CompleteAsync(default))!);

        Assert.Equal([new BlockSpan(0, 2), new BlockSpan(3, 5)], closed.Select(s => s.Meta.Ranges[0].Numbers));
        Assert.Equal(BlockHashOf(2, 1), closed[1].Meta.Ranges[0].PrevHash);
        Assert.Equal(BlockHashOf(5, 1), closed[1].Meta.Ranges[0].Hash);
        Assert.Equal([3UL, 3, 4, 4, 5, 5], BlockNumbersIn(closed[1]));
    }

    [Fact]
    public async Task A_file_at_the_size_limit_is_closed_and_the_next_block_starts_a_new_one()
    {
        var options = SegmentWriterOptions.Default with { Rotation = new RotationPolicy(1, TimeSpan.FromHours(1)) };
        using var writer = Writer([new(0, 100)], options);
        var closed = (await Write(writer, Chain(0, 2))).ToList();
        closed.Add((await writer.CompleteAsync(default))!);

        Assert.Equal([new BlockSpan(0, 0), new BlockSpan(1, 1), new BlockSpan(2, 2)], closed.Select(s => s.Meta.Ranges[0].Numbers));
    }

    [Fact]
    public async Task A_file_open_past_the_flush_interval_is_closed_at_the_next_block()
    {
        using var writer = Writer([new(0, 100)]);
        Assert.Empty(await Write(writer, Chain(0, 4)));
        _clock.Now = _clock.Now.AddSeconds(599);
        Assert.Empty(await Write(writer, Chain(5, 6)));
        _clock.Now = _clock.Now.AddSeconds(1);
        var closed = await Write(writer, Chain(7, 8));

        Assert.Equal(new BlockSpan(0, 6), Assert.Single(closed).Meta.Ranges[0].Numbers);
        Assert.Equal(new BlockSpan(7, 8), (await writer.CompleteAsync(default))!.Meta.Ranges[0].Numbers);
    }

    [Fact]
    public async Task Files_never_cross_a_million_block_chunk_of_a_missing_range()
    {
        using var writer = Writer([new(500_000, 1_600_000)]);
        var closed = (await Write(writer, Chain(1_499_998, 1_500_001))).ToList();
        closed.Add((await writer.CompleteAsync(default))!);

        Assert.Equal([new BlockSpan(1_499_998, 1_499_999), new BlockSpan(1_500_000, 1_500_001)], closed.Select(s => s.Meta.Ranges[0].Numbers));
        Assert.StartsWith("001500000-", closed[1].FileName.Value, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Blocks_without_rows_still_count_as_covered()
    {
        using var writer = Writer([new(0, 100)]);
        var blocks = Chain(0, 3);
        await writer.WriteAsync(Batch([0, 3], b => 1), blocks, default);
        var segment = (await writer.CompleteAsync(default))!;

        Assert.Equal(new BlockSpan(0, 3), segment.Meta.Ranges[0].Numbers);
        Assert.Equal([0UL, 3], BlockNumbersIn(segment));
    }

    [Fact]
    public async Task Block_numbers_that_do_not_increase_are_refused()
    {
        using var writer = Writer([new(0, 100)]);
        await Write(writer, Chain(0, 3));
        var error = await Assert.ThrowsAsync<ArgumentException>(() => Write(writer, Chain(3, 4)));
        Assert.Contains("block 3 does not follow block 3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rows_of_a_block_the_batch_does_not_name_are_refused()
    {
        using var writer = Writer([new(0, 100)]);
        var error = await Assert.ThrowsAsync<ArgumentException>(() => writer.WriteAsync(Batch([0, 1, 2], b => 1), Chain(0, 1), default));
        Assert.Contains("_block_num 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Nothing_is_left_when_no_block_was_needed()
    {
        using var writer = Writer([new(50, 60)]);
        Assert.Empty(await Write(writer, Chain(0, 9)));
        Assert.Null(await writer.CompleteAsync(default));
        Assert.Empty(_dir.Files());
    }

    [Fact]
    public void A_schema_without_block_num_first_is_refused() =>
        Assert.Throws<ArgumentException>(() => new TableSegmentWriter(_dir.Store, _location,
            new Apache.Arrow.Schema([new Field("block_num", Apache.Arrow.Types.UInt64Type.Default, false)], null), [new(0, 1)],
            SegmentWriterOptions.Default, _clock));
}
