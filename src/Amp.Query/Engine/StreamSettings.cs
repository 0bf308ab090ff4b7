using System.Text.RegularExpressions;

namespace Amp.Query.Engine;

/// <summary>
/// Amp's trailing <c>SETTINGS stream = true|false</c> clause: streaming queries are refused
/// (<c>STREAMING_NOT_SUPPORTED</c>, as Amp's JSONL server does); <c>stream = false</c> is removed before parsing.
/// </summary>
internal static partial class StreamSettings
{
    public static (string Sql, QueryError? Error) Strip(string sql)
    {
        var match = SettingsClause().Match(sql);
        if (!match.Success)
            return (sql, null);
        if (match.Groups["value"].Value.Equals("true", StringComparison.OrdinalIgnoreCase))
            return (sql, new QueryError(QueryErrorCodes.StreamingNotSupported,
                "streaming queries (SETTINGS stream = true) are not supported; send the query without it", QueryErrorKind.BadRequest));
        return (sql[..match.Index], null);
    }

    [GeneratedRegex(@"\bSETTINGS\s+stream\s*=\s*(?<value>true|false)\s*;?\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex SettingsClause();
}
