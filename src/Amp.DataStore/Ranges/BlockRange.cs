namespace Amp.DataStore.Ranges;

/// <summary>
/// The blocks one segment (or one block's rows) covers, as Amp's <c>BlockRange</c>: the numbers, the network,
/// the hash of the end block, the hash of the block before the start (zero at genesis) and the end block's
/// timestamp in Unix seconds (absent in files Amp wrote before 2026-02-11).
/// </summary>
public sealed record BlockRange(BlockSpan Numbers, string Network, BlockHash Hash, BlockHash PrevHash, ulong? Timestamp)
{
    public ulong Start => Numbers.Start;

    public ulong End => Numbers.End;

    /// <summary>
    /// True when <paramref name="next"/> can follow this range in a chain: same network, strictly after it, and
    /// its <c>prev_hash</c> is this range's <c>hash</c>. Gaps in the numbers are allowed; the hashes must link.
    /// </summary>
    public bool Adjacent(BlockRange next) =>
        string.Equals(Network, next.Network, StringComparison.Ordinal) && End < next.Start && Hash == next.PrevHash;

    /// <summary>This range grown by a later block of the same stream: start and prev_hash stay, the end moves.</summary>
    public BlockRange ExtendTo(BlockRange block) => this with
    {
        Numbers = new BlockSpan(Start, block.End),
        Hash = block.Hash,
        Timestamp = block.Timestamp,
    };

    public override string ToString() => $"{Network}[{Numbers}] {PrevHash}→{Hash}";
}
