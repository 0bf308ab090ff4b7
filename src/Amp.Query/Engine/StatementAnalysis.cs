using System.Text.Json;

namespace Amp.Query.Engine;

/// <summary>A table a statement names: schema and table as written (case kept).</summary>
internal readonly record struct NamedTable(string Schema, string Table);

/// <summary>
/// Classifies one statement from DuckDB's own parse tree (<c>json_serialize_sql</c>): exactly one SELECT, no table
/// function other than generators, no three-part or unqualified names other than CTEs, no settings readers. Returns
/// the dataset tables the statement names, or why it is refused.
/// </summary>
internal static class StatementAnalysis
{
    private static readonly HashSet<string> AllowedTableFunctions = new(StringComparer.OrdinalIgnoreCase)
    {
        "range", "generate_series", "unnest",
    };

    private static readonly HashSet<string> DeniedFunctions = new(StringComparer.OrdinalIgnoreCase)
    {
        "getenv", "current_setting", "read_text", "read_blob", "query", "query_table",
    };

    /// <summary>The SQL that asks DuckDB for the parse tree of <paramref name="sql"/>, as a constant literal.</summary>
    public static string SerializeCommand(string sql) => $"SELECT json_serialize_sql('{sql.Replace("'", "''", StringComparison.Ordinal)}')";

    public static (IReadOnlyList<NamedTable> Tables, QueryError? Error) Analyze(string parseTreeJson)
    {
        using var document = JsonDocument.Parse(parseTreeJson);
        var root = document.RootElement;
        if (root.GetProperty("error").GetBoolean())
            return ([], ParseFailure(root));

        var statements = root.GetProperty("statements");
        if (statements.GetArrayLength() == 0)
            return ([], new QueryError(QueryErrorCodes.InvalidSqlString, "the query holds no SQL statement", QueryErrorKind.BadRequest));
        if (statements.GetArrayLength() > 1)
            return ([], new QueryError(QueryErrorCodes.SqlParseError,
                $"expected exactly one SQL statement, found {statements.GetArrayLength()}; send one query per request", QueryErrorKind.BadRequest));

        var cteNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        CollectCteNames(statements[0], cteNames);
        var tables = new List<NamedTable>();
        var error = Walk(statements[0], cteNames, tables);
        return (tables, error);
    }

    private static QueryError ParseFailure(JsonElement root)
    {
        var type = root.TryGetProperty("error_type", out var t) ? t.GetString() : null;
        var message = root.TryGetProperty("error_message", out var m) ? m.GetString() ?? "" : "";
        return type == "not implemented"
            ? new QueryError(QueryErrorCodes.StatementNotAllowed,
                "only a single SELECT query is allowed: the query server is read-only (no SET, PRAGMA, ATTACH, COPY, INSTALL, LOAD or writes)",
                QueryErrorKind.BadRequest)
            : new QueryError(QueryErrorCodes.SqlParseError, message, QueryErrorKind.BadRequest);
    }

    private static void CollectCteNames(JsonElement element, HashSet<string> names)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                if (element.TryGetProperty("cte_map", out var cteMap) && cteMap.TryGetProperty("map", out var map))
                {
                    foreach (var entry in map.EnumerateArray())
                        names.Add(entry.GetProperty("key").GetString() ?? "");
                }
                foreach (var property in element.EnumerateObject())
                    CollectCteNames(property.Value, names);
                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                    CollectCteNames(item, names);
                break;
        }
    }

    private static QueryError? Walk(JsonElement element, HashSet<string> cteNames, List<NamedTable> tables)
    {
        if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray())
            {
                if (Walk(item, cteNames, tables) is { } itemError)
                    return itemError;
            }
            return null;
        }
        if (element.ValueKind != JsonValueKind.Object)
            return null;

        if (Check(element, cteNames, tables) is { } error)
            return error;
        foreach (var property in element.EnumerateObject())
        {
            if (Walk(property.Value, cteNames, tables) is { } childError)
                return childError;
        }
        return null;
    }

    private static QueryError? Check(JsonElement node, HashSet<string> cteNames, List<NamedTable> tables)
    {
        var type = node.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        switch (type)
        {
            case "BASE_TABLE":
                return CheckTable(node, cteNames, tables);
            case "TABLE_FUNCTION":
                var function = node.GetProperty("function");
                var functionName = function.TryGetProperty("function_name", out var fn) ? fn.GetString() ?? "" : "";
                return AllowedTableFunctions.Contains(functionName) && IsUnqualified(function)
                    ? null
                    : new QueryError(QueryErrorCodes.FunctionNotAllowed,
                        $"table function '{functionName}' is not allowed: queries read only dataset tables, named as \"namespace/name\".table",
                        QueryErrorKind.BadRequest);
            case "SHOW_REF":
                return new QueryError(QueryErrorCodes.StatementNotAllowed,
                    "DESCRIBE, SHOW and SUMMARIZE are not allowed; select from a dataset table instead", QueryErrorKind.BadRequest);
            case "FUNCTION":
                var name = node.TryGetProperty("function_name", out var n) ? n.GetString() ?? "" : "";
                return DeniedFunctions.Contains(name)
                    ? new QueryError(QueryErrorCodes.FunctionNotAllowed, $"function '{name}' is not allowed in queries", QueryErrorKind.BadRequest)
                    : null;
            default:
                return null;
        }
    }

    private static bool IsUnqualified(JsonElement function) =>
        (!function.TryGetProperty("schema", out var s) || s.GetString() is null or "")
        && (!function.TryGetProperty("catalog", out var c) || c.GetString() is null or "");

    private static QueryError? CheckTable(JsonElement node, HashSet<string> cteNames, List<NamedTable> tables)
    {
        var catalog = node.GetProperty("catalog_name").GetString() ?? "";
        var schema = node.GetProperty("schema_name").GetString() ?? "";
        var table = node.GetProperty("table_name").GetString() ?? "";
        if (catalog.Length > 0)
            return new QueryError(QueryErrorCodes.InvalidTableReference,
                $"'{catalog}.{schema}.{table}' is not a dataset table; name tables as \"namespace/name\".table, \"namespace/name@revision\".table or name.table",
                QueryErrorKind.BadRequest);
        if (schema.Length == 0)
        {
            return cteNames.Contains(table)
                ? null
                : new QueryError(QueryErrorCodes.InvalidTableReference,
                    $"'{table}' names no dataset; name tables as \"namespace/name\".table, \"namespace/name@revision\".table or name.table",
                    QueryErrorKind.BadRequest);
        }
        tables.Add(new NamedTable(schema, table));
        return null;
    }
}
