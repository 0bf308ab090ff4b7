using Npgsql;

namespace Amp.MetadataDb.Datasets;

/// <summary>Builds commands with positional parameters.</summary>
internal static class Rows
{
    public static NpgsqlCommand Command(string sql, NpgsqlConnection conn, NpgsqlTransaction? tx, params object[] args)
    {
        var cmd = new NpgsqlCommand(sql, conn, tx);
        foreach (var a in args)
            cmd.Parameters.AddWithValue(a);
        return cmd;
    }
}
