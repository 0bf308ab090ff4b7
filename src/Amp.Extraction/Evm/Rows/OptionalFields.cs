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

    public static void AppendFixedOrNull(this FixedColumn column, JsonElement obj, ReadOnlySpan<byte> name)
    {
        if (TryGet(obj, name, out var value))
            FixedBytes(value, column.AppendSlot());
        else
            column.AppendNull();
    }
}
