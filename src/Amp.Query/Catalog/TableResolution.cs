using Apache.Arrow;

namespace Amp.Query.Catalog;

/// <summary>
/// A table as the engine reads it: its schema and the absolute paths of its canonical segment files, in chain order.
/// No files means the table reads as empty (for example when its chain does not start at <c>start_block</c>).
/// </summary>
public sealed record ResolvedTable(TableReference Reference, Schema Schema, IReadOnlyList<string> Files);

/// <summary>Why a table reference names no table.</summary>
public enum TableNotFoundReason
{
    DatasetNotFound,
    TableNotFound,
}

/// <summary>The answer of <see cref="ITableCatalog.ResolveAsync"/>: the table, or why there is none.</summary>
public sealed class TableResolution
{
    private TableResolution(ResolvedTable? table, TableNotFoundReason? notFound)
    {
        Table = table;
        NotFound = notFound;
    }

    public ResolvedTable? Table { get; }

    public TableNotFoundReason? NotFound { get; }

    public static TableResolution Found(ResolvedTable table) => new(table, null);

    public static TableResolution Missing(TableNotFoundReason reason) => new(null, reason);
}
