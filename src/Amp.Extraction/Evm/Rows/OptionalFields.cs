using System.Text.Json;
using Amp.Extraction.Evm.Rows.Columns;
using static Amp.Extraction.Evm.Rows.HexField;

namespace Amp.Extraction.Evm.Rows;

/// <summary>
/// Optional JSON fields into nullable fixed-width columns: null when absent or JSON null. Each takes a field already
/// read (by a <see cref="FieldSet"/>) or looks it up by name.
/// </summary>
internal static class OptionalFields
{
    public static void AppendAmountOrNull(this FixedColumn column, JsonElement field)
    {
        if (Present(field))
            column.AppendDecimal(Amount(field));
        else
            column.AppendNull();
    }

    public static void AppendAmountOrNull(this FixedColumn column, JsonElement obj, ReadOnlySpan<byte> name) =>
        column.AppendAmountOrNull(TryGet(obj, name, out var value) ? value : default);

    public static void AppendFixedOrNull(this FixedColumn column, JsonElement field)
    {
        if (Present(field))
            FixedBytes(field, column.AppendSlot());
        else
            column.AppendNull();
    }

    public static void AppendFixedOrNull(this FixedColumn column, JsonElement obj, ReadOnlySpan<byte> name) =>
        column.AppendFixedOrNull(TryGet(obj, name, out var value) ? value : default);
}
