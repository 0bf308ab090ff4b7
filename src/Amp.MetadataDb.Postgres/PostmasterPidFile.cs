using System.Globalization;

namespace Amp.MetadataDb.Postgres;

/// <summary>
/// <c>postmaster.pid</c> in a data directory: line 1 is the postmaster's PID (negative for a single-user backend).
/// </summary>
internal sealed record PostmasterPidFile(int? Pid, string? Problem)
{
    public const string FileName = "postmaster.pid";

    /// <summary>Files a dead server leaves behind in its data directory (which is also its socket directory).</summary>
    public static readonly string[] StaleFiles = [FileName, SocketPath.FileName, SocketPath.LockFileName];

    /// <summary>Reads the file; null when there is none. <see cref="Problem"/> says why a PID could not be read.</summary>
    public static PostmasterPidFile? Read(string dataDirectory)
    {
        string path = Path.Combine(dataDirectory, FileName);
        if (!File.Exists(path))
            return null;
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new PostmasterPidFile(null, $"unreadable ({e.Message})");
        }
        return Parse(text);
    }

    public static PostmasterPidFile Parse(string text)
    {
        string first = text.Split('\n', 2)[0].Trim();
        if (first.Length == 0)
            return new PostmasterPidFile(null, "empty");
        if (!int.TryParse(first, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int pid))
            return new PostmasterPidFile(null, $"first line '{Truncate(first)}' is not a PID");
        if (pid == 0 || pid == int.MinValue)
            return new PostmasterPidFile(null, $"PID {pid} is not valid");
        return new PostmasterPidFile(Math.Abs(pid), null);
    }

    /// <summary>Deletes <see cref="StaleFiles"/>; returns the names of those that existed.</summary>
    public static IReadOnlyList<string> DeleteStaleFiles(string dataDirectory)
    {
        var deleted = new List<string>();
        foreach (string name in StaleFiles)
        {
            string path = Path.Combine(dataDirectory, name);
            if (!File.Exists(path))
                continue;
            File.Delete(path);
            deleted.Add(name);
        }
        return deleted;
    }

    private static string Truncate(string s) => s.Length <= 40 ? s : s[..40] + "…";
}
