using Apache.Arrow;

namespace Amp.Query.Catalog;

/// <summary>
/// A table catalog kept in a directory: <c>&lt;root&gt;/&lt;namespace&gt;/&lt;name&gt;/&lt;revision&gt;/&lt;table&gt;/</c> holds the
/// table's Parquet files and <c>canonical.list</c>, the names of its canonical files in chain order, one a line
/// (empty: the table reads as empty). The schema comes from the first Parquet file of the directory, so a table
/// needs at least one. <see cref="Publish"/> is the writer: it replaces the list atomically and bumps
/// <see cref="Version"/>. The metadata-database catalog implements the same interface over <c>file_metadata</c>.
/// </summary>
public sealed class FileTableCatalog : ITableCatalog
{
    public const string ListFileName = "canonical.list";

    private readonly string _root;
    private long _version;

    public FileTableCatalog(string root)
    {
        _root = Path.GetFullPath(root);
    }

    public string Root => _root;

    public IReadOnlyList<string> DataDirectories => [_root];

    public long Version => Interlocked.Read(ref _version);

    public event EventHandler? Changed;

    /// <summary>The directory of a table: where its files and list live.</summary>
    public string DirectoryOf(string ns, string name, string revision, string table) =>
        Path.Combine(_root, ns, name, revision, table);

    /// <summary>Makes <paramref name="fileNames"/> (names inside the table's directory) the table's canonical files.</summary>
    public void Publish(string ns, string name, string revision, string table, IEnumerable<string> fileNames)
    {
        var directory = DirectoryOf(ns, name, revision, table);
        Directory.CreateDirectory(directory);
        var list = Path.Combine(directory, ListFileName);
        var temporary = list + ".tmp";
        File.WriteAllLines(temporary, fileNames);
        File.Move(temporary, list, overwrite: true);
        Interlocked.Increment(ref _version);
        Changed?.Invoke(this, EventArgs.Empty);
    }

    public ValueTask<TableResolution> ResolveAsync(TableReference table, CancellationToken cancellationToken)
    {
        var revisionDirectory = Path.Combine(_root, table.Namespace, table.Name, table.Revision);
        if (!Directory.Exists(revisionDirectory))
            return ValueTask.FromResult(TableResolution.Missing(TableNotFoundReason.DatasetNotFound));
        var directory = Path.Combine(revisionDirectory, table.Table);
        var parquetFiles = Directory.Exists(directory)
            ? Directory.GetFiles(directory, "*.parquet").Order(StringComparer.Ordinal).ToList()
            : [];
        if (parquetFiles.Count == 0)
            return ValueTask.FromResult(TableResolution.Missing(TableNotFoundReason.TableNotFound));

        var list = Path.Combine(directory, ListFileName);
        var canonical = File.Exists(list)
            ? File.ReadAllLines(list).Where(l => l.Length > 0).Select(l => Path.Combine(directory, l)).ToList()
            : [];
        var schema = ReadSchema(canonical.Count > 0 ? canonical[0] : parquetFiles[0]);
        return ValueTask.FromResult(TableResolution.Found(new ResolvedTable(table, schema, canonical)));
    }

    private static Schema ReadSchema(string path)
    {
        using var reader = new ParquetSharp.Arrow.FileReader(path);
        return reader.Schema;
    }
}
