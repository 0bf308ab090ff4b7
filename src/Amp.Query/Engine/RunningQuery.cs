using System.Data.Common;
using DuckDB.NET.Data;

namespace Amp.Query.Engine;

/// <summary>
/// A query whose first row (if any) has been read: errors up to that point were returned as a
/// <see cref="QueryError"/> instead. Read rows with <see cref="MoveNext"/> and the typed getters of
/// <see cref="Reader"/>; a failure later (timeout, memory limit) throws <see cref="QueryFailedException"/>.
/// Disposing ends the query and frees its slot.
/// </summary>
public sealed class RunningQuery : IDisposable
{
    private readonly ConnectionPool _pool;
    private readonly EngineConnection _connection;
    private readonly DuckDBCommand _command;
    private readonly CancellationTokenSource _timeout;
    private readonly CancellationTokenRegistration[] _registrations;
    private readonly QueryEngineOptions _options;
    private bool _pendingFirst;
    private bool _disposed;

    internal RunningQuery(ConnectionPool pool, EngineConnection connection, DuckDBCommand command, DbDataReader reader,
        bool hasFirstRow, CancellationTokenSource timeout, CancellationTokenRegistration[] registrations, QueryEngineOptions options,
        IReadOnlyList<string>? columnTypes, IReadOnlyDictionary<string, Apache.Arrow.Types.IArrowType>? tableTypes)
    {
        TableTypes = tableTypes ?? new Dictionary<string, Apache.Arrow.Types.IArrowType>();
        _pool = pool;
        _connection = connection;
        _command = command;
        Reader = reader;
        _pendingFirst = hasFirstRow;
        _timeout = timeout;
        _registrations = registrations;
        _options = options;
        ColumnTypes = columnTypes;
    }

    /// <summary>DuckDB's type text of each column (as <c>DESCRIBE</c> gives it), when the query was started with them.</summary>
    public IReadOnlyList<string>? ColumnTypes { get; }

    /// <summary>
    /// The Arrow types of the table columns the query reads that hold FixedSizeBinary values (at the top or nested),
    /// by column name; a result column of such a name gets their widths back (DuckDB reads them as BLOB).
    /// </summary>
    public IReadOnlyDictionary<string, Apache.Arrow.Types.IArrowType> TableTypes { get; }

    /// <summary>The result: column names and types, and the current row after <see cref="MoveNext"/> returned true.</summary>
    public DbDataReader Reader { get; }

    /// <summary>Moves to the next row; false at the end.</summary>
    public bool MoveNext()
    {
        if (_pendingFirst)
        {
            _pendingFirst = false;
            return true;
        }
        try
        {
            return Reader.Read();
        }
        catch (Exception exception) when (exception is DuckDBException or OperationCanceledException)
        {
            if (QueryFailures.From(exception, _timeout.IsCancellationRequested, _options) is { } error)
                throw new QueryFailedException(error, exception);
            throw;
        }
    }

    public void Dispose()
    {
        if (_disposed)
            return;
        _disposed = true;
        foreach (var registration in _registrations)
            registration.Dispose();
        Reader.Dispose();
        _command.Dispose();
        _timeout.Dispose();
        // A DuckDB connection stays usable after an error or an interrupt.
        _pool.Return(_connection, reusable: true);
    }
}
