using Apache.Arrow;
using Apache.Arrow.Types;

namespace Amp.Query.Engine;

/// <summary>
/// Gives a result column the FixedSizeBinary widths of the table column it is named after, wherever they sit:
/// DuckDB reads FixedSizeBinary Parquet values as BLOB, at the top (<c>hash</c>, <c>to</c>) and inside lists and
/// structs (<c>access_list[].address</c>, <c>storage_keys[]</c>). Only the BLOB leaves change, and only where the
/// shapes agree (same nesting, same struct field names); every other type stays as DuckDB describes it.
/// </summary>
internal static class TableTypeRestore
{
    public static IArrowType Merge(IArrowType result, IArrowType table) => (result, table) switch
    {
        (BinaryType, FixedSizeBinaryType width) when width is not Decimal128Type => width, // Decimal128 is a FixedSizeBinary to Arrow
        (ListType list, ListType tableList) =>
            new ListType(new Field(list.ValueField.Name, Merge(list.ValueDataType, tableList.ValueDataType), list.ValueField.IsNullable)),
        (StructType members, StructType tableMembers) when members.Fields.Select(f => f.Name).SequenceEqual(tableMembers.Fields.Select(f => f.Name), StringComparer.Ordinal) =>
            new StructType(members.Fields.Zip(tableMembers.Fields, (f, t) => new Field(f.Name, Merge(f.DataType, t.DataType), f.IsNullable)).ToList()),
        _ => result,
    };

    /// <summary>Whether a table column's type has a FixedSizeBinary anywhere in it (the only columns worth restoring).</summary>
    public static bool HasFixedWidth(IArrowType type) => type switch
    {
        Decimal128Type => false,
        FixedSizeBinaryType => true,
        ListType list => HasFixedWidth(list.ValueDataType),
        StructType members => members.Fields.Any(f => HasFixedWidth(f.DataType)),
        _ => false,
    };

    /// <summary>A text for the type's shape, to tell whether two tables' columns of one name agree.</summary>
    public static string Shape(IArrowType type) => type switch
    {
        Decimal128Type decimalType => $"decimal({decimalType.Precision},{decimalType.Scale})",
        FixedSizeBinaryType width => $"fixed{width.ByteWidth}",
        ListType list => $"list<{Shape(list.ValueDataType)}>",
        StructType members => $"struct<{string.Join(',', members.Fields.Select(f => f.Name + ":" + Shape(f.DataType)))}>",
        _ => type.Name,
    };
}
