using System.Diagnostics.CodeAnalysis;
using Npgsql;

namespace Amp.MetadataDb.Connection;

/// <summary>
/// Parses the metadata database URL of the config (<c>postgresql://user:pass@host:port/db?host=/dir</c>, the libpq
/// form Amp uses) or an Npgsql key=value connection string into Npgsql settings.
/// </summary>
public static class MetadataDbUrl
{
    public static bool TryParse(string? raw, [NotNullWhen(true)] out NpgsqlConnectionStringBuilder? builder, [NotNullWhen(false)] out string? error)
    {
        builder = null;
        error = null;
        if (string.IsNullOrWhiteSpace(raw))
        {
            error = "the metadata database URL is empty; set [metadata_db] url in the config file or AMP_CONFIG_METADATA_DB__URL";
            return false;
        }
        raw = raw.Trim();
        try
        {
            builder = raw.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || raw.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase)
                ? FromUri(raw)
                : new NpgsqlConnectionStringBuilder(raw);
            return true;
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or UriFormatException or KeyNotFoundException)
        {
            error = $"the metadata database URL is malformed: {ex.Message}; expected postgresql://user:password@host:port/database or postgresql:///database?host=/socket/dir";
            return false;
        }
    }

    private static NpgsqlConnectionStringBuilder FromUri(string raw)
    {
        var schemeEnd = raw.IndexOf("://", StringComparison.Ordinal) + 3;
        var rest = raw[schemeEnd..];
        var query = "";
        var q = rest.IndexOf('?');
        if (q >= 0)
        {
            query = rest[(q + 1)..];
            rest = rest[..q];
        }
        var slash = rest.IndexOf('/');
        var authority = slash >= 0 ? rest[..slash] : rest;
        var database = slash >= 0 ? Uri.UnescapeDataString(rest[(slash + 1)..]) : "";

        var b = new NpgsqlConnectionStringBuilder();
        var at = authority.LastIndexOf('@');
        if (at >= 0)
        {
            var userInfo = authority[..at];
            authority = authority[(at + 1)..];
            var colon = userInfo.IndexOf(':');
            b.Username = Uri.UnescapeDataString(colon >= 0 ? userInfo[..colon] : userInfo);
            if (colon >= 0)
                b.Password = Uri.UnescapeDataString(userInfo[(colon + 1)..]);
        }
        if (authority.Length > 0)
        {
            var (host, port) = SplitHostPort(authority);
            b.Host = host;
            if (port is not null)
                b.Port = port.Value;
        }
        if (database.Length > 0)
            b.Database = database;

        foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=');
            var key = Uri.UnescapeDataString(eq >= 0 ? pair[..eq] : pair).Trim();
            var value = Uri.UnescapeDataString(eq >= 0 ? pair[(eq + 1)..].Replace('+', ' ') : "");
            ApplyQueryParameter(b, key, value);
        }
        return b;
    }

    private static (string Host, int? Port) SplitHostPort(string authority)
    {
        if (authority.StartsWith('['))
        {
            var close = authority.IndexOf(']');
            var host = authority[1..close];
            var after = authority[(close + 1)..];
            return (host, after.StartsWith(':') ? ParsePort(after[1..]) : null);
        }
        var colon = authority.LastIndexOf(':');
        return colon >= 0 ? (Uri.UnescapeDataString(authority[..colon]), ParsePort(authority[(colon + 1)..])) : (Uri.UnescapeDataString(authority), null);
    }

    private static int ParsePort(string raw) =>
        int.TryParse(raw, out var port) && port is > 0 and < 65536 ? port : throw new FormatException($"invalid port '{raw}'");

    private static void ApplyQueryParameter(NpgsqlConnectionStringBuilder b, string key, string value)
    {
        switch (key.ToLowerInvariant())
        {
            case "host": b.Host = value; break;
            case "port": b.Port = ParsePort(value); break;
            case "dbname": b.Database = value; break;
            case "user": b.Username = value; break;
            case "password": b.Password = value; break;
            case "sslmode": b.SslMode = Enum.Parse<SslMode>(value.Replace("-", ""), ignoreCase: true); break;
            case "application_name": b.ApplicationName = value; break;
            case "connect_timeout": b.Timeout = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture); break;
            case "options": b.Options = value; break;
            default: b[key] = value; break;
        }
    }
}
