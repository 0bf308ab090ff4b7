using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace Amp.Extraction.Evm.Rows;

/// <summary>
/// Reads the fields a row needs from a JSON object in one pass over its properties. <see cref="JsonElement.TryGetProperty(ReadOnlySpan{byte}, out JsonElement)"/>
/// scans the object once per field, which for a transaction (twenty-odd fields read of twenty-odd present) was the
/// largest single cost of conversion. Same answers: a field given twice counts with its last value, JSON null
/// counts as absent (<see cref="HexField.TryGet"/>), escaped names are unescaped before they are compared.
/// </summary>
internal sealed class FieldSet
{
    private readonly byte[][] _names;
    private readonly int[][] _byLength;

    public FieldSet(params string[] names)
    {
        _names = names.Select(Encoding.UTF8.GetBytes).ToArray();
        var longest = _names.Max(n => n.Length);
        _byLength = Enumerable.Range(0, longest + 1)
            .Select(length => Enumerable.Range(0, _names.Length).Where(i => _names[i].Length == length).ToArray())
            .ToArray();
    }

    public int Count => _names.Length;

    /// <summary>Fills <paramref name="values"/>[i] with field i of <paramref name="obj"/>, or <c>default</c> when it is absent.</summary>
    public void Read(JsonElement obj, Span<JsonElement> values)
    {
        if (obj.ValueKind != JsonValueKind.Object)
            throw new FormatException($"expected a JSON object, found {obj.ValueKind}");
        values[.._names.Length].Clear();
        foreach (var property in obj.EnumerateObject())
        {
            var name = JsonMarshal.GetRawUtf8PropertyName(property);
            var index = name.IndexOf((byte)'\\') < 0 ? Find(name) : Find(Encoding.UTF8.GetBytes(property.Name));
            if (index >= 0)
                values[index] = property.Value;
        }
    }

    private int Find(ReadOnlySpan<byte> name)
    {
        if (name.Length >= _byLength.Length)
            return -1;
        foreach (var i in _byLength[name.Length])
        {
            if (name.SequenceEqual(_names[i]))
                return i;
        }
        return -1;
    }
}
