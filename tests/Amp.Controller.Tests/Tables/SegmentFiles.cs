using System.Buffers.Binary;
using Amp.Core.Storage;
using Amp.DataStore.Parquet;
using Amp.DataStore.Parquet.Writing;
using Amp.DataStore.Ranges;
using Apache.Arrow;
using Apache.Arrow.Types;

namespace Amp.Controller.Tests.Tables;

/// <summary>Real segment files (the writer's own Parquet and footer) of a small chain, written straight into a data directory.</summary>
internal static class SegmentFiles
{
    private static readonly Schema Schema = new([new Field("_block_num", UInt64Type.Default, false)], null);

    public static BlockHash HashOf(ulong number)
    {
        var bytes = new byte[32];
        BinaryPrimitives.WriteUInt64BigEndian(bytes.AsSpan(24), number + 1);
        bytes[0] = 0xab;
        return BlockHash.FromBytes(bytes);
    }

    /// <summary>Writes blocks <paramref name="start"/>..<paramref name="end"/> (hash-linked to the chain of <see cref="HashOf"/>) as one segment.</summary>
    public static async Task<WrittenSegment> WriteAsync(string dataDir, TableRevisionPath revision, ulong start, ulong end)
    {
        var store = new LocalObjectStore(dataDir);
        using var writer = SegmentFileWriter.Open(store, revision, Schema, start, SegmentWriterOptions.Default, TimeProvider.System);
        var numbers = new UInt64Array.Builder();
        for (var b = start; b <= end; b++)
            numbers.Append(b);
        var batch = new RecordBatch(Schema, [numbers.Build()], (int)(end - start + 1));
        var range = new BlockRange(new BlockSpan(start, end), "anvil", HashOf(end), start == 0 ? BlockHash.Zero : HashOf(start - 1), 1_700_000_000 + end);
        writer.Append(batch, range);
        return await writer.CloseAsync(CancellationToken.None);
    }
}
