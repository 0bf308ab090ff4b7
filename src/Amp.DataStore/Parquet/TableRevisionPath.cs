using System.Diagnostics.CodeAnalysis;

namespace Amp.DataStore.Parquet;

/// <summary>
/// Where one revision of a table keeps its files, relative to the data directory:
/// <c>&lt;namespace&gt;/&lt;name&gt;/&lt;table&gt;/&lt;revision uuidv7&gt;</c> (reference §6; the manifest hash is not part of it).
/// </summary>
public sealed record TableRevisionPath
{
    private TableRevisionPath(string @namespace, string name, string table, Guid revision)
    {
        Namespace = @namespace;
        Name = name;
        Table = table;
        Revision = revision;
    }

    public string Namespace { get; }

    public string Name { get; }

    public string Table { get; }

    /// <summary>The revision id; new revisions are UUIDv7, so their directory names sort by creation time.</summary>
    public Guid Revision { get; }

    /// <summary>The directory, e.g. <c>_/eth_rpc/logs/019c2523-3570-77d0-9847-46199ccb0968</c> (lowercase canonical UUID).</summary>
    public string Directory => $"{Namespace}/{Name}/{Table}/{Revision:D}";

    public string FileOf(Segments.SegmentFileName file) => $"{Directory}/{file.Value}";

    /// <summary>A new revision with a fresh UUIDv7.</summary>
    public static TableRevisionPath NewRevision(string @namespace, string name, string table) =>
        Create(@namespace, name, table, Guid.CreateVersion7());

    public static bool TryCreate(string @namespace, string name, string table, Guid revision,
        [NotNullWhen(true)] out TableRevisionPath? path, [NotNullWhen(false)] out string? error)
    {
        path = null;
        error = Check("namespace", @namespace) ?? Check("dataset name", name) ?? Check("table name", table)
            ?? (revision == Guid.Empty ? "revision id must not be the empty UUID" : null);
        if (error is not null)
            return false;
        path = new TableRevisionPath(@namespace, name, table, revision);
        return true;
    }

    /// <summary>Parses a stored revision path (<c>physical_table_revisions.path</c>): four segments, the last a UUID.</summary>
    public static bool TryParse(string? path, [NotNullWhen(true)] out TableRevisionPath? revision, [NotNullWhen(false)] out string? error)
    {
        revision = null;
        var parts = (path ?? "").Split('/');
        if (parts.Length != 4)
        {
            error = $"revision path '{path}' must be <namespace>/<name>/<table>/<revision uuid>";
            return false;
        }
        if (!Guid.TryParseExact(parts[3], "D", out var id))
        {
            error = $"revision path '{path}' must end with a UUID, got '{parts[3]}'";
            return false;
        }
        return TryCreate(parts[0], parts[1], parts[2], id, out revision, out error);
    }

    public static TableRevisionPath Create(string @namespace, string name, string table, Guid revision) =>
        TryCreate(@namespace, name, table, revision, out var path, out var error) ? path : throw new ArgumentException(error);

    private static string? Check(string what, string value) =>
        string.IsNullOrEmpty(value) ? $"{what} must not be empty"
        : value is "." or ".." || value.Contains('/', StringComparison.Ordinal) || value.Contains('\\', StringComparison.Ordinal)
            ? $"{what} '{value}' must be a single path segment"
        : null;

    public override string ToString() => Directory;
}
