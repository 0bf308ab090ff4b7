using System.Globalization;

namespace Amp.MetadataDb.Postgres;

/// <summary>
/// The postgres command line: Unix socket in the data directory only (no TCP), durability traded for speed
/// (data survives a clean or crashed server restart once flushed, not an OS crash), then the caller's settings.
/// </summary>
internal static class ServerArguments
{
    public static List<string> For(string dataDirectory, IReadOnlyDictionary<string, string> settings)
    {
        var args = new List<string>
        {
            "-D", dataDirectory,
            // A list setting: quote the directory so commas and spaces in it survive.
            "-k", "\"" + dataDirectory.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"",
            "-h", "",
            "-p", SocketPath.Port.ToString(CultureInfo.InvariantCulture),
        };
        string[] defaults =
        [
            "listen_addresses=",
            "fsync=off",
            "synchronous_commit=off",
            "full_page_writes=off",
            "max_connections=500",
            "shared_buffers=128MB",
        ];
        foreach (string setting in defaults)
            args.AddRange(["-c", setting]);
        foreach (var (key, value) in settings)
            args.AddRange(["-c", $"{key}={value}"]);
        return args;
    }
}
