using Apache.Arrow;
using Apache.Arrow.Types;

namespace Amp.Extraction.Evm.Tables;

/// <summary>The Arrow types Amp's EVM tables are made of (arrow-rs spelling in comments).</summary>
public static class EvmTypes
{
    /// <summary>FixedSizeBinary(32): block and transaction hashes, roots, topics.</summary>
    public static readonly FixedSizeBinaryType Hash = new(32);

    /// <summary>FixedSizeBinary(20): addresses.</summary>
    public static readonly FixedSizeBinaryType Address = new(20);

    /// <summary>Decimal128(38, 0): EVM currency amounts that fit in i128.</summary>
    public static readonly Decimal128Type Currency = new(38, 0);

    /// <summary>Timestamp(Nanosecond, "+00:00"): block seconds × 10⁹.</summary>
    public static readonly TimestampType Timestamp = new(TimeUnit.Nanosecond, "+00:00");

    /// <summary>A list whose element field is named <c>item</c> and is not nullable, as arrow-rs writes it.</summary>
    public static ListType ListOf(IArrowType element) => new(new Field("item", element, nullable: false));

    internal static Field Required(string name, IArrowType type) => new(name, type, nullable: false);

    internal static Field Optional(string name, IArrowType type) => new(name, type, nullable: true);
}
