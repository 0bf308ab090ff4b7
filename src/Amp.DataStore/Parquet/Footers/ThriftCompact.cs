using System.Buffers.Binary;

namespace Amp.DataStore.Parquet.Footers;

/// <summary>A Thrift struct read generically: its fields in wire order. Values are bool, sbyte, short, int, long, double, byte[], <see cref="ThriftList"/>, <see cref="ThriftMap"/> or <see cref="ThriftStruct"/>.</summary>
internal sealed class ThriftStruct
{
    public List<ThriftField> Fields { get; } = [];

    public ThriftField? Field(short id) => Fields.Find(f => f.Id == id);

    /// <summary>Sets a field, keeping the fields sorted by id (the order Parquet writers use).</summary>
    public void Set(short id, byte type, object value)
    {
        var index = Fields.FindIndex(f => f.Id == id);
        if (index >= 0)
        {
            Fields[index] = new ThriftField(id, type, value);
            return;
        }
        var insertAt = Fields.FindIndex(f => f.Id > id);
        Fields.Insert(insertAt < 0 ? Fields.Count : insertAt, new ThriftField(id, type, value));
    }
}

internal sealed record ThriftField(short Id, byte Type, object Value);

internal sealed record ThriftList(byte ElementType, List<object> Items);

internal sealed record ThriftMap(byte KeyType, byte ValueType, List<KeyValuePair<object, object>> Entries);

/// <summary>
/// Thrift's compact protocol, enough to read any Parquet <c>FileMetaData</c> generically and write it back: every field
/// is kept, so an edit (an added key/value entry, a moved page-index offset) changes nothing else.
/// </summary>
internal static class ThriftCompact
{
    public const byte True = 1, False = 2, Byte = 3, I16 = 4, I32 = 5, I64 = 6, Double = 7, Binary = 8, List = 9, Set = 10, Map = 11, Struct = 12;

    private const int MaxDepth = 64;

    public static ThriftStruct ReadStruct(ReadOnlySpan<byte> data, out int consumed)
    {
        var position = 0;
        var result = ReadStruct(data, ref position, 0);
        consumed = position;
        return result;
    }

    public static byte[] Write(ThriftStruct value)
    {
        var output = new MemoryStream();
        WriteStruct(output, value);
        return output.ToArray();
    }

    private static ThriftStruct ReadStruct(ReadOnlySpan<byte> data, ref int position, int depth)
    {
        if (depth > MaxDepth)
            throw new InvalidDataException("Thrift structure nested too deeply");
        var result = new ThriftStruct();
        short lastId = 0;
        while (true)
        {
            var header = data[position++];
            if (header == 0)
                return result;
            var type = (byte)(header & 0x0F);
            var delta = header >> 4;
            var id = delta == 0 ? (short)ZigZag(ReadVarint(data, ref position)) : (short)(lastId + delta);
            lastId = id;
            var value = type is True or False ? type == True : ReadValue(data, ref position, type, depth);
            result.Fields.Add(new ThriftField(id, type, value));
        }
    }

    private static object ReadValue(ReadOnlySpan<byte> data, ref int position, byte type, int depth)
    {
        switch (type)
        {
            case True or False:
                return data[position++] == True;
            case Byte:
                return (sbyte)data[position++];
            case I16:
                return (short)ZigZag(ReadVarint(data, ref position));
            case I32:
                return (int)ZigZag(ReadVarint(data, ref position));
            case I64:
                return ZigZag(ReadVarint(data, ref position));
            case Double:
                var d = BinaryPrimitives.ReadDoubleLittleEndian(data[position..]);
                position += 8;
                return d;
            case Binary:
                var length = checked((int)ReadVarint(data, ref position));
                var bytes = data.Slice(position, length).ToArray();
                position += length;
                return bytes;
            case List or Set:
                var header = data[position++];
                var elementType = (byte)(header & 0x0F);
                var count = header >> 4 == 15 ? checked((int)ReadVarint(data, ref position)) : header >> 4;
                var items = new List<object>(count);
                for (var i = 0; i < count; i++)
                    items.Add(ReadValue(data, ref position, elementType, depth + 1));
                return new ThriftList(elementType, items);
            case Map:
                var size = checked((int)ReadVarint(data, ref position));
                var types = size == 0 ? (byte)0 : data[position++];
                var entries = new List<KeyValuePair<object, object>>(size);
                for (var i = 0; i < size; i++)
                {
                    var key = ReadValue(data, ref position, (byte)(types >> 4), depth + 1);
                    entries.Add(new(key, ReadValue(data, ref position, (byte)(types & 0x0F), depth + 1)));
                }
                return new ThriftMap((byte)(types >> 4), (byte)(types & 0x0F), entries);
            case Struct:
                return ReadStruct(data, ref position, depth + 1);
            default:
                throw new InvalidDataException($"unknown Thrift compact type {type}");
        }
    }

    private static void WriteStruct(Stream output, ThriftStruct value)
    {
        short lastId = 0;
        foreach (var field in value.Fields)
        {
            var type = field.Value is bool b ? (b ? True : False) : field.Type;
            var delta = field.Id - lastId;
            if (delta is > 0 and <= 15)
                output.WriteByte((byte)(delta << 4 | type));
            else
            {
                output.WriteByte(type);
                WriteVarint(output, ZigZag(field.Id));
            }
            lastId = field.Id;
            if (field.Value is not bool)
                WriteValue(output, type, field.Value);
        }
        output.WriteByte(0);
    }

    private static void WriteValue(Stream output, byte type, object value)
    {
        switch (type)
        {
            case True or False: output.WriteByte((bool)value ? True : False); break;
            case Byte: output.WriteByte((byte)(sbyte)value); break;
            case I16: WriteVarint(output, ZigZag((short)value)); break;
            case I32: WriteVarint(output, ZigZag((int)value)); break;
            case I64: WriteVarint(output, ZigZag((long)value)); break;
            case Double:
                Span<byte> d = stackalloc byte[8];
                BinaryPrimitives.WriteDoubleLittleEndian(d, (double)value);
                output.Write(d);
                break;
            case Binary:
                var bytes = (byte[])value;
                WriteVarint(output, (ulong)bytes.Length);
                output.Write(bytes);
                break;
            case List or Set:
                var list = (ThriftList)value;
                if (list.Items.Count < 15)
                    output.WriteByte((byte)(list.Items.Count << 4 | list.ElementType));
                else
                {
                    output.WriteByte((byte)(0xF0 | list.ElementType));
                    WriteVarint(output, (ulong)list.Items.Count);
                }
                foreach (var item in list.Items)
                    WriteValue(output, list.ElementType, item);
                break;
            case Map:
                var map = (ThriftMap)value;
                WriteVarint(output, (ulong)map.Entries.Count);
                if (map.Entries.Count > 0)
                    output.WriteByte((byte)(map.KeyType << 4 | map.ValueType));
                foreach (var (key, item) in map.Entries)
                {
                    WriteValue(output, map.KeyType, key);
                    WriteValue(output, map.ValueType, item);
                }
                break;
            case Struct: WriteStruct(output, (ThriftStruct)value); break;
            default: throw new InvalidDataException($"unknown Thrift compact type {type}");
        }
    }

    private static ulong ReadVarint(ReadOnlySpan<byte> data, ref int position)
    {
        ulong result = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            var b = data[position++];
            result |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
                return result;
        }
        throw new InvalidDataException("Thrift varint longer than 10 bytes");
    }

    private static void WriteVarint(Stream output, ulong value)
    {
        while (value >= 0x80)
        {
            output.WriteByte((byte)(value | 0x80));
            value >>= 7;
        }
        output.WriteByte((byte)value);
    }

    private static long ZigZag(ulong value) => (long)(value >> 1) ^ -(long)(value & 1);

    private static ulong ZigZag(long value) => (ulong)((value << 1) ^ (value >> 63));
}
