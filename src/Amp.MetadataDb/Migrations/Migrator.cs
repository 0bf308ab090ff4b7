using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Amp.MetadataDb.Migrations;

/// <summary>
/// Applies the numbered SQL files in Migrations/Sql in order, each once, recorded in amp_schema_migrations.
/// Safe when several processes start at once: the whole run holds a transaction-scoped advisory lock.
/// </summary>
public static partial class Migrator
{
    // A fixed key for the migration lock, distinct from any hashtextextended(node_id) a worker locks on.
    private const long MigrationLockKey = 0x616D705F6D696772; // "amp_migr"

    private const string EnsureTableSql = """
        CREATE TABLE IF NOT EXISTS amp_schema_migrations (
            version    INTEGER     PRIMARY KEY,
            name       TEXT        NOT NULL,
            applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
        )
        """;

    private const string AppliedSql = "SELECT version FROM amp_schema_migrations";
    private const string RecordSql = "INSERT INTO amp_schema_migrations (version, name) VALUES ($1, $2)";

    public sealed record Migration(int Version, string Name, string Sql);

    public static IReadOnlyList<Migration> All { get; } = Load();

    /// <summary>Applies pending migrations; returns the ones applied by this call.</summary>
    public static async Task<IReadOnlyList<Migration>> MigrateAsync(NpgsqlDataSource db, ILogger logger, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct).ConfigureAwait(false);
        await using var tx = await conn.BeginTransactionAsync(ct).ConfigureAwait(false);

        await using (var lockCmd = new NpgsqlCommand("SELECT pg_advisory_xact_lock($1)", conn, tx))
        {
            lockCmd.Parameters.AddWithValue(MigrationLockKey);
            lockCmd.CommandTimeout = 120;
            await lockCmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
        await using (var ensure = new NpgsqlCommand(EnsureTableSql, conn, tx))
            await ensure.ExecuteNonQueryAsync(ct).ConfigureAwait(false);

        var applied = new HashSet<int>();
        await using (var cmd = new NpgsqlCommand(AppliedSql, conn, tx))
        await using (var reader = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false))
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
                applied.Add(reader.GetInt32(0));

        var done = new List<Migration>();
        foreach (var m in All.Where(m => !applied.Contains(m.Version)))
        {
            await using (var apply = new NpgsqlCommand(m.Sql, conn, tx))
            {
                apply.CommandTimeout = 300;
                await apply.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            }
            await using (var record = new NpgsqlCommand(RecordSql, conn, tx))
            {
                record.Parameters.AddWithValue(m.Version);
                record.Parameters.AddWithValue(m.Name);
                await record.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            }
            MigrationLog.Applied(logger, m.Version, m.Name);
            done.Add(m);
        }
        await tx.CommitAsync(ct).ConfigureAwait(false);
        if (done.Count == 0)
            MigrationLog.UpToDate(logger, All.Count == 0 ? 0 : All[^1].Version);
        return done;
    }

    private static IReadOnlyList<Migration> Load()
    {
        var asm = typeof(Migrator).Assembly;
        const string prefix = "Amp.MetadataDb.Migrations.";
        var list = new List<Migration>();
        foreach (var resource in asm.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal)))
        {
            var file = resource[prefix.Length..];
            var match = FileName().Match(file);
            if (!match.Success)
                throw new InvalidOperationException($"migration file '{file}' must be named NNNN_name.sql");
            using var stream = asm.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            list.Add(new Migration(int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), match.Groups[2].Value, reader.ReadToEnd()));
        }
        list.Sort((a, b) => a.Version.CompareTo(b.Version));
        for (var i = 1; i < list.Count; i++)
            if (list[i].Version == list[i - 1].Version)
                throw new InvalidOperationException($"two migrations share version {list[i].Version}");
        return list;
    }

    [GeneratedRegex(@"^(\d{4})_([a-z0-9_]+)\.sql$")]
    private static partial Regex FileName();
}

internal static partial class MigrationLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Applied migration {version} ({name})")]
    public static partial void Applied(ILogger logger, int version, string name);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Metadata database schema is up to date at version {version}")]
    public static partial void UpToDate(ILogger logger, int version);
}
