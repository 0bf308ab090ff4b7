using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace Amp.Query.Catalog;

/// <summary>
/// A dataset table as a query names it: <c>"ns/name".table</c>, <c>"ns/name@rev".table</c> or <c>name.table</c>
/// (namespace <c>_</c>, revision <c>latest</c>). <see cref="Schema"/> is the schema name as written, which the engine
/// uses as the DuckDB schema of the table's view.
/// </summary>
public sealed partial record TableReference(string Namespace, string Name, string Revision, string Table, string Schema)
{
    public const string DefaultNamespace = "_";
    public const string DefaultRevision = "latest";

    /// <summary>Parses the schema and table names of a table reference; the error says what a valid one looks like.</summary>
    public static bool TryParse(string schema, string table, [NotNullWhen(true)] out TableReference? reference, out string error)
    {
        reference = null;
        var match = SchemaPattern().Match(schema);
        if (!match.Success)
        {
            error = $"'{schema}' is not a dataset reference; name a table as \"namespace/name\".table, \"namespace/name@revision\".table or name.table";
            return false;
        }
        if (!TablePattern().IsMatch(table))
        {
            error = $"'{table}' is not a table name; table names are lowercase letters, digits and '_'";
            return false;
        }
        var ns = match.Groups["ns"].Success ? match.Groups["ns"].Value : DefaultNamespace;
        var revision = match.Groups["rev"].Success ? match.Groups["rev"].Value : DefaultRevision;
        reference = new TableReference(ns, match.Groups["name"].Value, revision, table, schema);
        error = "";
        return true;
    }

    /// <summary>The dataset as Amp prints it: <c>ns/name@rev</c>.</summary>
    public string Dataset => $"{Namespace}/{Name}@{Revision}";

    public override string ToString() => $"\"{Dataset}\".{Table}";

    [GeneratedRegex("^(?:(?<ns>[a-z0-9_][a-z0-9_-]*)/)?(?<name>[a-z_][a-z0-9_]*)(?:@(?<rev>[A-Za-z0-9_+-][A-Za-z0-9._+-]*))?$")]
    private static partial Regex SchemaPattern();

    [GeneratedRegex("^[a-z_][a-z0-9_]*$")]
    private static partial Regex TablePattern();
}
