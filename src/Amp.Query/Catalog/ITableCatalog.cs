namespace Amp.Query.Catalog;

/// <summary>
/// Where the query engine learns what a table is: for a dataset table, the Parquet files that are the canonical
/// segments of its active revision (reference §5.10) and its Arrow schema. The engine reads exactly those files and
/// nothing else. <see cref="Version"/> grows, and <see cref="Changed"/> is raised, whenever any answer may have
/// changed (a committed segment, an activated revision), so new data becomes visible without a restart.
/// </summary>
public interface ITableCatalog
{
    /// <summary>A number that grows whenever an answer of <see cref="ResolveAsync"/> may have changed.</summary>
    long Version { get; }

    /// <summary>
    /// Directories that hold every file this catalog resolves; DuckDB is allowed to read only below them (a second
    /// wall behind the engine's own check of each statement).
    /// </summary>
    IReadOnlyList<string> DataDirectories { get; }

    /// <summary>Raised after <see cref="Version"/> grows.</summary>
    event EventHandler? Changed;

    /// <summary>The table's canonical files and schema, or why there is none (unknown dataset or table).</summary>
    ValueTask<TableResolution> ResolveAsync(TableReference table, CancellationToken cancellationToken);
}
