using System.Runtime.CompilerServices;

namespace Amp.Extraction.Evm.Rows;

/// <summary>Groups a block stream into <see cref="EvmBatch"/>es of about <c>targetRows</c> rows in the largest table.</summary>
public static class EvmBatches
{
    /// <summary>
    /// Converts and disposes each block; yields a batch when it is full and at the end of the stream. The caller
    /// disposes each batch.
    /// </summary>
    public static async IAsyncEnumerable<EvmBatch> ToBatchesAsync(this IAsyncEnumerable<RawBlock> blocks, int targetRows = EvmRowsBuilder.DefaultTargetRows,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var builder = new EvmRowsBuilder();
        await foreach (var block in blocks.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            using (block)
                builder.Append(block);
            if (builder.IsFull(targetRows))
                yield return builder.Flush()!;
        }
        if (builder.Flush() is { } last)
            yield return last;
    }
}
