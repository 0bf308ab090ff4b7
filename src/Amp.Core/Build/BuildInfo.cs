using System.Globalization;
using System.Reflection;

namespace Amp.Core.Build;

/// <summary>
/// Build metadata of the running binary, stamped at build time by Directory.Build.targets.
/// Each field is "unknown" when git was not available at build time.
/// </summary>
public sealed record BuildInfo(string Version, string CommitSha, string CommitTimestamp, string BuildDate)
{
    public const string Unknown = "unknown";

    public static BuildInfo Unavailable { get; } = new(Unknown, Unknown, Unknown, Unknown);

    /// <summary>Reads the stamped attributes of the entry assembly (the ampd or ampctl executable).</summary>
    public static BuildInfo Current { get; } = FromAssembly(Assembly.GetEntryAssembly());

    public static BuildInfo FromAssembly(Assembly? assembly)
    {
        if (assembly is null)
            return Unavailable;
        var meta = assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Where(a => a.Key.StartsWith("amp.", StringComparison.Ordinal))
            .GroupBy(a => a.Key)
            .ToDictionary(g => g.Key, g => g.Last().Value);
        string Get(string key) => meta.TryGetValue(key, out var v) && !string.IsNullOrWhiteSpace(v) ? v.Trim() : Unknown;
        return new BuildInfo(Get("amp.version"), Get("amp.commit_sha"), NormalizeTimestamp(Get("amp.commit_timestamp")), Get("amp.build_date"));
    }

    /// <summary>Git prints commit times with the committer's offset; store them as RFC 3339 UTC with a Z.</summary>
    public static string NormalizeTimestamp(string raw) =>
        DateTimeOffset.TryParse(raw, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t)
            ? t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)
            : raw;
}
