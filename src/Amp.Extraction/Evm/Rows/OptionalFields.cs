using System.Text.Json;
using Amp.Extraction.Evm.Rows.Columns;
using static Amp.Extraction.Evm.Rows.HexField;

namespace Amp.Extraction.Evm.Rows;

/// <summary>Optional JSON fields into nullable fixed-width columns: null when absent or JSON null.</summary>
internal static class OptionalFields
{
    public static void AppendAmountOrNull(this FixedColumn column, JsonElement obj, ReadOnlySpan<byte> name)
    {
        if (TryGet(obj, name, out var value))
            column.AppendDecimal(Amount(value));
        else
            column.AppendNull();
    }

    /// <summary>A field read by a <see cref="FieldSet"/>: its amount, or null when absent.</summary>
    public static void AppendAmountOrNull(this FixedColumn column, JsonElement field)
    {
        if (Present(field))
            column.AppendDecimal(Amount(field));
        else
            column.AppendNull();
    }

    /// <summary>A field read by a <see cref="FieldSet"/>: its bytes, or null when absent.</summary>
    public static void AppendFixedOrNull(this FixedColumn column, JsonElement field)
    {
        if (Present(field))
            FixedBytes(field, column.AppendSlot());
        else
            column.AppendNull();
    }

    public static void AppendFixedOrNull(this FixedColumn column, JsonElement obj, ReadOnlySpan<byte> name)
    {
        if (TryGet(obj, name, out var value))
            FixedBytes(value, column.AppendSlot());
        else
            column.AppendNull();
    }
}
