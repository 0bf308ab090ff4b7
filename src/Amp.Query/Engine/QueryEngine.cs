using System.Collections.Concurrent;
using Amp.Query.Catalog;
using DuckDB.NET.Data;
using Microsoft.Extensions.Logging;

namespace Amp.Query.Engine;

/// <summary>
/// Runs one read-only SELECT over dataset tables. Each statement is parsed by DuckDB itself and refused unless it is a
/// single SELECT that reads only dataset tables (and CTEs and generators); each dataset table becomes a view over
/// exactly the canonical files the catalog resolves. The queries share a bounded pool of locked-down databases.
/// </summary>
public sealed class QueryEngine : IDisposable
{
    private readonly ITableCatalog _catalog;
    private readonly QueryEngineOptions _options;
    private readonly ILogger<QueryEngine> _logger;
    private readonly ConnectionPool _pool;
    private readonly ConcurrentDictionary<TableReference, (long Version, TableResolution Resolution)> _resolved = new();

    public QueryEngine(ITableCatalog catalog, QueryEngineOptions options, ILogger<QueryEngine> logger)
    {
        if (options.Validate() is { } problem)
            throw new ArgumentException(problem, nameof(options));
        _catalog = catalog;
        _options = options;
        _logger = logger;
        var directories = catalog.DataDirectories.ToList();
        _pool = new ConnectionPool(options.MaxConcurrentQueries, () => EngineConnection.Open(options, directories));
    }

    public QueryEngineOptions Options => _options;

    /// <summary>
    /// Starts <paramref name="sql"/> and reads its first row; a refusal or an early failure is a <see cref="QueryError"/>.
    /// With <paramref name="withColumnTypes"/>, the query also carries DuckDB's type text of each column (nested types
    /// included), which the Arrow transport needs.
    /// </summary>
    public async Task<QueryStart> StartAsync(string sql, CancellationToken cancellationToken, bool withColumnTypes = false)
    {
        if (string.IsNullOrWhiteSpace(sql) || sql.Contains('\0', StringComparison.Ordinal))
            return Refuse(new QueryError(QueryErrorCodes.InvalidSqlString, "the query is empty; send one SQL SELECT statement as the request body", QueryErrorKind.BadRequest));
        var (text, settingsError) = StreamSettings.Strip(sql);
        if (settingsError is not null)
            return Refuse(settingsError);

        var connection = await _pool.LeaseAsync(_options.StatementTimeout, cancellationToken).ConfigureAwait(false);
        if (connection is null)
            return Refuse(QueryFailures.Busy(_options));
        var handedOver = false;
        try
        {
            var (tables, analysisError) = StatementAnalysis.Analyze(connection.ExecuteScalarText(StatementAnalysis.SerializeCommand(text)));
            if (analysisError is not null)
                return Refuse(analysisError);

            var views = new List<(string, ResolvedTable)>(tables.Count);
            foreach (var named in tables.Distinct())
            {
                var (table, resolveError) = await ResolveAsync(named, cancellationToken).ConfigureAwait(false);
                if (resolveError is not null)
                    return Refuse(resolveError);
                views.Add((named.Schema, table!));
            }
            connection.EnsureViews(views);
            QueryLog.Started(_logger, views.Count);

            var columnTypes = withColumnTypes ? connection.DescribeColumns(text) : null;
            var tableTypes = withColumnTypes ? TableTypesOf(views.Select(v => v.Item2)) : null;
            var started = await RunAsync(connection, text, columnTypes, tableTypes, cancellationToken).ConfigureAwait(false);
            handedOver = started.Query is not null;
            return started;
        }
        catch (DuckDBException exception)
        {
            return Fail(QueryFailures.From(exception, timedOut: false, _options)!);
        }
        finally
        {
            if (!handedOver)
                _pool.Return(connection, reusable: true);
        }
    }

    /// <summary>
    /// The types of the table columns a query reads that hold FixedSizeBinary values, at the top or nested, by name
    /// (names whose shape differs between tables are left out): DuckDB reads them as BLOB, and the Arrow transport
    /// gives them their width back.
    /// </summary>
    private static Dictionary<string, Apache.Arrow.Types.IArrowType> TableTypesOf(IEnumerable<ResolvedTable> tables)
    {
        var types = new Dictionary<string, Apache.Arrow.Types.IArrowType>(StringComparer.Ordinal);
        var conflicting = new HashSet<string>(StringComparer.Ordinal);
        foreach (var field in tables.SelectMany(t => t.Schema.FieldsList))
        {
            if (!TableTypeRestore.HasFixedWidth(field.DataType))
                continue;
            if (types.TryGetValue(field.Name, out var known) && TableTypeRestore.Shape(known) != TableTypeRestore.Shape(field.DataType))
                conflicting.Add(field.Name);
            types[field.Name] = field.DataType;
        }
        foreach (var name in conflicting)
            types.Remove(name);
        return types;
    }

    private async Task<QueryStart> RunAsync(EngineConnection connection, string sql, IReadOnlyList<string>? columnTypes,
        IReadOnlyDictionary<string, Apache.Arrow.Types.IArrowType>? tableTypes, CancellationToken cancellationToken)
    {
        var command = connection.Connection.CreateCommand();
        command.CommandText = sql;
        command.UseStreamingMode = true;
        var timeout = new CancellationTokenSource(_options.StatementTimeout);
        CancellationTokenRegistration[] registrations =
        [
            timeout.Token.Register(command.Cancel),
            cancellationToken.Register(command.Cancel),
        ];
        System.Data.Common.DbDataReader? reader = null;
        try
        {
            reader = await Task.Run(command.ExecuteReader, CancellationToken.None).ConfigureAwait(false);
            var hasFirstRow = await Task.Run(reader.Read, CancellationToken.None).ConfigureAwait(false);
            return new QueryStart(new RunningQuery(_pool, connection, command, reader, hasFirstRow, timeout, registrations, _options, columnTypes, tableTypes), null);
        }
        catch (Exception exception) when (exception is DuckDBException or OperationCanceledException)
        {
            var timedOut = timeout.IsCancellationRequested;
            foreach (var registration in registrations)
                registration.Dispose();
            reader?.Dispose();
            command.Dispose();
            timeout.Dispose();
            cancellationToken.ThrowIfCancellationRequested();
            if (QueryFailures.From(exception, timedOut, _options) is { } error)
                return Fail(error);
            throw;
        }
    }

    private async ValueTask<(ResolvedTable? Table, QueryError? Error)> ResolveAsync(NamedTable named, CancellationToken cancellationToken)
    {
        if (!TableReference.TryParse(named.Schema, named.Table, out var reference, out var parseError))
            return (null, new QueryError(QueryErrorCodes.InvalidTableReference, parseError, QueryErrorKind.BadRequest));
        var version = _catalog.Version;
        if (!_resolved.TryGetValue(reference, out var cached) || cached.Version != version)
        {
            TableResolution resolution;
            try
            {
                resolution = await _catalog.ResolveAsync(reference, cancellationToken).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // Whatever the catalog's store throws becomes the query's error, not a 500.
            catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
#pragma warning restore CA1031
            {
                // The catalog's store (the metadata database) failed: the query cannot know its files.
                return (null, new QueryError(QueryErrorCodes.MetadataDbUnavailable,
                    $"cannot resolve {reference}: the table catalog failed ({exception.Message}); check the metadata database and retry", QueryErrorKind.Busy));
            }
            cached = (version, resolution);
            // Only tables are remembered: names that resolve to nothing must not grow the cache.
            if (cached.Resolution.Table is not null)
                _resolved[reference] = cached;
        }
        return cached.Resolution switch
        {
            { Table: { } table } => (table, null),
            { NotFound: TableNotFoundReason.DatasetNotFound } => (null, new QueryError(QueryErrorCodes.DatasetNotFound,
                $"dataset '{reference.Dataset}' does not exist or has no active revision; list datasets with 'ampctl dataset list'", QueryErrorKind.NotFound)),
            _ => (null, new QueryError(QueryErrorCodes.TableNotFound,
                $"dataset '{reference.Dataset}' has no table '{reference.Table}'", QueryErrorKind.NotFound)),
        };
    }

    private QueryStart Refuse(QueryError error)
    {
        QueryLog.Refused(_logger, error.Code, error.Message);
        return new QueryStart(null, error);
    }

    private QueryStart Fail(QueryError error)
    {
        QueryLog.Failed(_logger, error.Code, error.Message);
        return new QueryStart(null, error);
    }

    public void Dispose() => _pool.Dispose();
}
