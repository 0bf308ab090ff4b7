using Amp.Core.Storage;
using Amp.DataStore.Ranges;
using Apache.Arrow;

namespace Amp.DataStore.Parquet.Writing;

/// <summary>
/// Writes one table's rows for one partition piece into segment files (Amp's <c>RawTableWriter</c>, reference §5.7):
/// only the table's own missing blocks, each missing range cut into 1,000,000-block chunks, a new file wherever the
/// <see cref="RotationPolicy"/> says so. Batches carry several blocks; rows of consecutive blocks that go to the same
/// file are written as one slice. Returns every file it closed, for the caller to commit.
/// </summary>
public sealed class TableSegmentWriter : IDisposable
{
    private readonly Func<ulong, SegmentFileWriter> _openFile;
    private readonly RotationPolicy _policy;
    private readonly TimeProvider _time;
    private readonly Queue<BlockSpan> _chunks;
    private SegmentFileWriter? _file;
    private ulong? _lastBlock;

    public TableSegmentWriter(IObjectStore store, TableRevisionPath location, Schema schema, IEnumerable<BlockSpan> missing,
        SegmentWriterOptions options, TimeProvider time)
        : this(start => SegmentFileWriter.Open(store, location, schema, start, options, time), missing, options.Rotation, time)
    {
        if (schema.FieldsList.Count == 0 || schema.FieldsList[0].Name != "_block_num" || schema.FieldsList[0].DataType is not Apache.Arrow.Types.UInt64Type)
            throw new ArgumentException("a raw table's first column must be '_block_num' of type UInt64", nameof(schema));
    }

    internal TableSegmentWriter(Func<ulong, SegmentFileWriter> openFile, IEnumerable<BlockSpan> missing, RotationPolicy policy, TimeProvider time)
    {
        _openFile = openFile;
        _policy = policy;
        _time = time;
        _chunks = new Queue<BlockSpan>(RangePartitioning.LimitRanges(BlockSpans.Merge(missing)));
    }

    /// <summary>
    /// Writes a batch whose rows belong to <paramref name="blocks"/> (one range per block, ascending, each after the
    /// previous batch's), sorted by <c>_block_num</c>. A block with no rows still counts as covered.
    /// </summary>
    public async Task<IReadOnlyList<WrittenSegment>> WriteAsync(RecordBatch batch, IReadOnlyList<BlockRange> blocks, CancellationToken ct)
    {
        var bounds = RowBounds(batch, blocks);
        var bytesPerRow = batch.Length == 0 ? 0 : (double)ArrowSize.Of(batch) / batch.Length;
        var closed = new List<WrittenSegment>();
        var pending = new PendingRows(batch, bytesPerRow);

        for (var i = 0; i < blocks.Count; i++)
        {
            var block = blocks[i];
            while (true)
            {
                if (!_chunks.TryPeek(out var chunk) || block.End < chunk.Start)
                {
                    pending.FlushTo(_file);
                    break; // past every chunk, or before the current one: this table does not need the block
                }
                if (_file is null)
                {
                    if (block.Start > chunk.End)
                    {
                        _chunks.Dequeue();
                        continue;
                    }
                    _file = _openFile(block.Start);
                }

                var covered = pending.Blocks is not { } rows ? _file.Covered : _file.Covered?.ExtendTo(rows) ?? rows;
                var reason = _policy.Decide(
                    new OpenFileState(chunk, covered, _file.Bytes + pending.Bytes, _file.Rows + pending.Rows, _file.OpenedAt),
                    block, _time.GetUtcNow());
                if (reason == RotationReason.None)
                {
                    pending.Add(bounds[i], bounds[i + 1], block);
                    break;
                }
                pending.FlushTo(_file);
                if (_file.Covered is not null)
                    closed.Add(await _file.CloseAsync(ct).ConfigureAwait(false));
                _file.Dispose();
                _file = null;
                if (reason == RotationReason.PastChunk)
                    _chunks.Dequeue();
                else
                    ReplaceCurrentChunk(new BlockSpan(block.Start, chunk.End));
            }
        }
        pending.FlushTo(_file);
        return closed;
    }

    /// <summary>Closes the open file, if it holds any block; the last file of the piece.</summary>
    public async Task<WrittenSegment?> CompleteAsync(CancellationToken ct)
    {
        if (_file is null)
            return null;
        var file = _file;
        _file = null;
        using (file)
            return file.Covered is null ? null : await file.CloseAsync(ct).ConfigureAwait(false);
    }

    /// <summary>Abandons the open file without a trace.</summary>
    public void Dispose()
    {
        _file?.Dispose();
        _file = null;
    }

    private void ReplaceCurrentChunk(BlockSpan rest)
    {
        var remaining = _chunks.Skip(1).ToList();
        _chunks.Clear();
        _chunks.Enqueue(rest);
        foreach (var chunk in remaining)
            _chunks.Enqueue(chunk);
    }

    /// <summary>Row i of block k lies in [bounds[k], bounds[k+1]); checks the blocks and the <c>_block_num</c> column agree.</summary>
    private int[] RowBounds(RecordBatch batch, IReadOnlyList<BlockRange> blocks)
    {
        if (blocks.Count == 0)
            throw new ArgumentException("a batch must name the blocks it covers", nameof(blocks));
        if (batch.Column(0) is not UInt64Array blockNumbers)
            throw new ArgumentException("a raw table's first column must be '_block_num' of type UInt64", nameof(batch));
        var bounds = new int[blocks.Count + 1];
        var row = 0;
        for (var k = 0; k < blocks.Count; k++)
        {
            var block = blocks[k];
            if (block.Start != block.End)
                throw new ArgumentException($"block ranges of a batch cover one block each, got {block.Numbers}", nameof(blocks));
            if (_lastBlock is { } last && block.Start <= last)
                throw new ArgumentException($"block {block.Start} does not follow block {last}: block numbers must increase", nameof(blocks));
            _lastBlock = block.Start;
            bounds[k] = row;
            while (row < batch.Length && blockNumbers.GetValue(row) == block.Start)
                row++;
        }
        bounds[blocks.Count] = row;
        if (row != batch.Length)
            throw new ArgumentException($"row {row} has _block_num {blockNumbers.GetValue(row)}, which is not the next of the batch's blocks", nameof(batch));
        return bounds;
    }

    /// <summary>Rows of consecutive blocks bound for the open file, written as one slice.</summary>
    private sealed class PendingRows(RecordBatch batch, double bytesPerRow)
    {
        private int _from;
        private int _to;
        private BlockRange? _blocks;

        public BlockRange? Blocks => _blocks;

        public long Rows => _to - _from;

        public long Bytes => (long)(Rows * bytesPerRow);

        public void Add(int from, int to, BlockRange block)
        {
            if (_blocks is null)
                _from = from;
            _to = to;
            _blocks = _blocks is null ? block : _blocks.ExtendTo(block);
        }

        public void FlushTo(SegmentFileWriter? file)
        {
            if (_blocks is null || file is null)
                return;
            var rows = _from == 0 && _to == batch.Length ? batch : batch.Slice(_from, _to - _from);
            file.Append(rows, _blocks, Bytes);
            _blocks = null;
            _from = _to;
        }
    }
}
