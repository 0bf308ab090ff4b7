using Apache.Arrow;

namespace Amp.DataStore.Parquet.Writing;

/// <summary>The in-memory size of Arrow data: the bytes of every buffer, children and dictionaries included.</summary>
internal static class ArrowSize
{
    public static long Of(RecordBatch batch)
    {
        long total = 0;
        for (var i = 0; i < batch.ColumnCount; i++)
            total += Of(batch.Column(i).Data);
        return total;
    }

    private static long Of(ArrayData data)
    {
        long total = 0;
        foreach (var buffer in data.Buffers)
            total += buffer.Length;
        foreach (var child in data.Children ?? [])
            total += Of(child);
        if (data.Dictionary is not null)
            total += Of(data.Dictionary);
        return total;
    }
}
