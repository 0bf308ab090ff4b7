using System.Globalization;

namespace Amp.Extraction.Evm;

/// <summary>An EVM block number. JSON-RPC spells it as a hex quantity (<c>0x1a</c>).</summary>
public readonly record struct BlockNumber(ulong Value) : IComparable<BlockNumber>
{
    public BlockNumber Next => new(checked(Value + 1));

    public int CompareTo(BlockNumber other) => Value.CompareTo(other.Value);

    public static bool operator <(BlockNumber a, BlockNumber b) => a.Value < b.Value;
    public static bool operator >(BlockNumber a, BlockNumber b) => a.Value > b.Value;
    public static bool operator <=(BlockNumber a, BlockNumber b) => a.Value <= b.Value;
    public static bool operator >=(BlockNumber a, BlockNumber b) => a.Value >= b.Value;

    /// <summary>The JSON-RPC quantity form, <c>0x</c> and lowercase hex without leading zeros.</summary>
    public string ToHex() => "0x" + Value.ToString("x", CultureInfo.InvariantCulture);

    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);
}
