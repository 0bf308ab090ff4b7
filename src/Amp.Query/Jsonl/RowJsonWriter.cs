using System.Data.Common;
using System.Numerics;
using System.Text.Json;

namespace Amp.Query.Jsonl;

/// <summary>
/// Writes the current row of a result as one JSON object in Amp's encoding, null columns left out. Each column gets a
/// writer chosen once from its type that reads through the typed getter, so scalar values are not boxed.
/// </summary>
internal sealed class RowJsonWriter
{
    private delegate void ColumnWriter(Utf8JsonWriter writer, DbDataReader reader, int ordinal);

    private readonly JsonEncodedText[] _names;
    private readonly ColumnWriter[] _writers;

    public RowJsonWriter(DbDataReader reader)
    {
        _names = new JsonEncodedText[reader.FieldCount];
        _writers = new ColumnWriter[reader.FieldCount];
        for (var i = 0; i < reader.FieldCount; i++)
        {
            _names[i] = JsonEncodedText.Encode(reader.GetName(i));
            _writers[i] = WriterFor(reader.GetFieldType(i), reader.GetDataTypeName(i));
        }
    }

    public void Write(Utf8JsonWriter writer, DbDataReader reader)
    {
        writer.WriteStartObject();
        for (var i = 0; i < _writers.Length; i++)
        {
            if (reader.IsDBNull(i))
                continue;
            writer.WritePropertyName(_names[i]);
            _writers[i](writer, reader, i);
        }
        writer.WriteEndObject();
    }

    private static ColumnWriter WriterFor(Type type, string duckType)
    {
        if (type == typeof(ulong)) return (w, r, i) => w.WriteNumberValue(r.GetFieldValue<ulong>(i));
        if (type == typeof(long)) return (w, r, i) => w.WriteNumberValue(r.GetInt64(i));
        if (type == typeof(uint)) return (w, r, i) => w.WriteNumberValue(r.GetFieldValue<uint>(i));
        if (type == typeof(int)) return (w, r, i) => w.WriteNumberValue(r.GetInt32(i));
        if (type == typeof(ushort)) return (w, r, i) => w.WriteNumberValue(r.GetFieldValue<ushort>(i));
        if (type == typeof(short)) return (w, r, i) => w.WriteNumberValue(r.GetInt16(i));
        if (type == typeof(byte)) return (w, r, i) => w.WriteNumberValue(r.GetByte(i));
        if (type == typeof(sbyte)) return (w, r, i) => w.WriteNumberValue(r.GetFieldValue<sbyte>(i));
        if (type == typeof(bool)) return (w, r, i) => w.WriteBooleanValue(r.GetBoolean(i));
        if (type == typeof(double)) return (w, r, i) => w.WriteNumberValue(r.GetDouble(i));
        if (type == typeof(float)) return (w, r, i) => w.WriteNumberValue(r.GetFloat(i));
        if (type == typeof(string)) return (w, r, i) => w.WriteStringValue(r.GetString(i));
        if (type == typeof(BigInteger)) return (w, r, i) => AmpJsonValues.WriteBigInteger(w, r.GetFieldValue<BigInteger>(i));
        if (type == typeof(decimal)) return WriteDecimal;
        if (type == typeof(Stream)) return (w, r, i) => { using var s = r.GetStream(i); AmpJsonValues.WriteHex(w, s); };
        if (type == typeof(DateTime))
        {
            var utc = duckType.Contains("Tz", StringComparison.Ordinal);
            return (w, r, i) => AmpJsonValues.WriteTimestamp(w, r.GetDateTime(i), utc);
        }
        return (w, r, i) => AmpJsonValues.WriteObject(w, r.GetValue(i), utcTimestamps: true);
    }

    /// <summary>DECIMAL(38,0) values past System.Decimal's range (≈7.9e28) are read as integers.</summary>
    private static void WriteDecimal(Utf8JsonWriter writer, DbDataReader reader, int ordinal)
    {
        decimal value;
        try
        {
            value = reader.GetDecimal(ordinal);
        }
        catch (OverflowException)
        {
            AmpJsonValues.WriteBigInteger(writer, reader.GetFieldValue<BigInteger>(ordinal));
            return;
        }
        writer.WriteNumberValue(value);
    }
}
