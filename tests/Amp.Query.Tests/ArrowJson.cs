using System.Numerics;
using System.Text;
using System.Text.Json;
using Amp.Query.Jsonl;
using Apache.Arrow;
using Apache.Arrow.Types;

namespace Amp.Query.Tests;

/// <summary>Arrow record batches rendered as Amp's JSON lines, to compare what Flight returns with what JSONL returns.</summary>
internal static class ArrowJson
{
    public static List<string> Lines(IEnumerable<RecordBatch> batches)
    {
        var lines = new List<string>();
        foreach (var batch in batches)
        {
            for (var row = 0; row < batch.Length; row++)
            {
                using var buffer = new MemoryStream();
                using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
                {
                    writer.WriteStartObject();
                    for (var column = 0; column < batch.ColumnCount; column++)
                    {
                        var array = batch.Column(column);
                        if (array.IsNull(row))
                            continue;
                        writer.WritePropertyName(batch.Schema.GetFieldByIndex(column).Name);
                        Write(writer, array, row);
                    }
                    writer.WriteEndObject();
                }
                lines.Add(Encoding.UTF8.GetString(buffer.ToArray()));
            }
        }
        return lines;
    }

    private static void Write(Utf8JsonWriter writer, IArrowArray array, int index)
    {
        switch (array)
        {
            case UInt64Array a: writer.WriteNumberValue(a.GetValue(index)!.Value); break;
            case UInt32Array a: writer.WriteNumberValue(a.GetValue(index)!.Value); break;
            case Int64Array a: writer.WriteNumberValue(a.GetValue(index)!.Value); break;
            case Int32Array a: writer.WriteNumberValue(a.GetValue(index)!.Value); break;
            case DoubleArray a: writer.WriteNumberValue(a.GetValue(index)!.Value); break;
            case BooleanArray a: writer.WriteBooleanValue(a.GetValue(index)!.Value); break;
            case StringArray a: writer.WriteStringValue(a.GetString(index)); break;
            case Decimal128Array a: writer.WriteRawValue(DecimalText(a, index)); break;
            case BinaryArray a: writer.WriteStringValue(Convert.ToHexStringLower(a.GetBytes(index))); break;
            case Apache.Arrow.Arrays.FixedSizeBinaryArray a: writer.WriteStringValue(Convert.ToHexStringLower(a.GetBytes(index))); break;
            case TimestampArray a:
                AmpJsonValues.WriteTimestamp(writer, a.GetTimestamp(index)!.Value.UtcDateTime, !string.IsNullOrEmpty(((TimestampType)a.Data.DataType).Timezone));
                break;
            case Date32Array a: writer.WriteStringValue(a.GetDateOnly(index)!.Value.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)); break;
            case ListArray a:
                writer.WriteStartArray();
                for (var i = a.ValueOffsets[index]; i < a.ValueOffsets[index + 1]; i++)
                {
                    if (a.Values.IsNull(i))
                        writer.WriteNullValue();
                    else
                        Write(writer, a.Values, i);
                }
                writer.WriteEndArray();
                break;
            case StructArray a:
                writer.WriteStartObject();
                var type = (StructType)a.Data.DataType;
                for (var f = 0; f < type.Fields.Count; f++)
                {
                    if (a.Fields[f].IsNull(index))
                        continue;
                    writer.WritePropertyName(type.Fields[f].Name);
                    Write(writer, a.Fields[f], index);
                }
                writer.WriteEndObject();
                break;
            default:
                throw new NotSupportedException($"no JSON for {array.GetType().Name}");
        }
    }

    private static string DecimalText(Decimal128Array array, int index)
    {
        var scale = ((Decimal128Type)array.Data.DataType).Scale;
        var unscaled = new BigInteger(array.ValueBuffer.Span.Slice((array.Offset + index) * 16, 16), isUnsigned: false, isBigEndian: false);
        var digits = BigInteger.Abs(unscaled).ToString(System.Globalization.CultureInfo.InvariantCulture).PadLeft(scale + 1, '0');
        var text = scale == 0 ? digits : digits[..^scale] + "." + digits[^scale..];
        return unscaled.Sign < 0 ? "-" + text : text;
    }
}
