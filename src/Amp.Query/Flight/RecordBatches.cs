using Amp.Query.Engine;
using Apache.Arrow;

namespace Amp.Query.Flight;

/// <summary>
/// The rows of a running query as Arrow record batches in Amp's types. The first batch is small so the first rows
/// leave at once; later ones hold up to <see cref="MaxRows"/> rows.
/// </summary>
internal sealed class RecordBatches
{
    public const int FirstBatchRows = 256;
    public const int MaxRows = 8192;

    private readonly RunningQuery _query;
    private readonly ArrowColumn[] _columns;

    public RecordBatches(RunningQuery query)
    {
        _query = query;
        var types = query.ColumnTypes ?? throw new ArgumentException("the query was started without its column types", nameof(query));
        _columns = types.Select((t, i) =>
        {
            var name = query.Reader.GetName(i);
            var type = DuckDbArrowTypes.Parse(t);
            return ArrowColumn.For(query.TableTypes.TryGetValue(name, out var tableType) ? TableTypeRestore.Merge(type, tableType) : type, name);
        }).ToArray();
        Schema = new Schema(types.Select((t, i) => new Field(query.Reader.GetName(i), _columns[i].Type, nullable: true)), null);
    }

    public Schema Schema { get; }

    /// <summary>Batches until the rows end; a failure mid-way throws <see cref="QueryFailedException"/>.</summary>
    public IEnumerable<RecordBatch> Read()
    {
        var limit = FirstBatchRows;
        var rows = 0;
        var reader = _query.Reader;
        while (_query.MoveNext())
        {
            for (var i = 0; i < _columns.Length; i++)
                _columns[i].AppendValue(reader, i);
            if (++rows == limit)
            {
                yield return Build(rows);
                rows = 0;
                limit = MaxRows;
            }
        }
        if (rows > 0)
            yield return Build(rows);
    }

    private RecordBatch Build(int rows) => new(Schema, _columns.Select(c => c.Build()), rows);
}
