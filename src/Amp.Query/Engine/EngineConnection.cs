using System.Globalization;
using Amp.Query.Catalog;
using DuckDB.NET.Data;

namespace Amp.Query.Engine;

/// <summary>
/// One DuckDB database of its own (in memory) and its connection, locked down at open: no extension install or
/// autoload, no external access except reading below the catalog's data directories, no spilling, a memory limit,
/// and the configuration locked so no statement can change any of it. Holds the views it has created, by table,
/// so a view is rebuilt only when its file list changes. Used by one query at a time.
/// </summary>
internal sealed class EngineConnection : IDisposable
{
    private readonly DuckDBConnection _connection;
    private readonly Dictionary<(string Schema, string Table), string> _views = [];

    private EngineConnection(DuckDBConnection connection)
    {
        _connection = connection;
    }

    public DuckDBConnection Connection => _connection;

    public static EngineConnection Open(QueryEngineOptions options, IReadOnlyList<string> dataDirectories)
    {
        var connection = new DuckDBConnection("Data Source=:memory:");
        try
        {
            connection.Open();
            var allowed = string.Join(", ", dataDirectories.Select(d => ViewDefinition.Literal(WithTrailingSlash(Path.GetFullPath(d)))));
            string[] setup =
            [
                "SET autoinstall_known_extensions = false",
                "SET autoload_known_extensions = false",
                "SET allow_community_extensions = false",
                string.Create(CultureInfo.InvariantCulture, $"SET memory_limit = '{options.MemoryLimitBytes / 1024}KiB'"),
                string.Create(CultureInfo.InvariantCulture, $"SET threads = {options.ThreadsPerQuery}"),
                "SET temp_directory = ''",
                "SET enable_progress_bar = false",
                $"SET allowed_directories = [{allowed}]",
                "SET disabled_filesystems = 'HTTPFileSystem'",
                "SET enable_external_access = false",
                "SET lock_configuration = true",
            ];
            foreach (var statement in setup)
                Execute(connection, statement);
            return new EngineConnection(connection);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Creates or replaces the views of the tables whose files differ from what this database has.</summary>
    public void EnsureViews(IEnumerable<(string Schema, ResolvedTable Table)> tables)
    {
        foreach (var (schema, table) in tables)
        {
            var key = (schema, table.Reference.Table);
            var definition = ViewDefinition.Of(schema, table);
            if (_views.TryGetValue(key, out var existing) && existing == definition)
                continue;
            _views.Remove(key);
            Execute(_connection, definition);
            _views[key] = definition;
        }
    }

    public string ExecuteScalarText(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar() as string ?? "";
    }

    /// <summary>DuckDB's type text of each result column of a checked SELECT, in order, without running it.</summary>
    public IReadOnlyList<string> DescribeColumns(string select)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "DESCRIBE " + select;
        using var reader = command.ExecuteReader();
        var typeOrdinal = reader.GetOrdinal("column_type");
        var types = new List<string>();
        while (reader.Read())
            types.Add(reader.GetString(typeOrdinal));
        return types;
    }

    public void Dispose() => _connection.Dispose();

    private static void Execute(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static string WithTrailingSlash(string path) =>
        path.EndsWith(Path.DirectorySeparatorChar) ? path : path + Path.DirectorySeparatorChar;
}
