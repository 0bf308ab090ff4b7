namespace Amp.MetadataDb.Postgres;

/// <summary>Read-only facts about a process from <c>/proc</c>; every method tolerates the process vanishing.</summary>
internal static class ProcInfo
{
    /// <summary>True when <c>/proc/&lt;pid&gt;/stat</c> says the process is a zombie (or dead).</summary>
    public static bool IsZombie(int pid)
    {
        string? stat = TryRead($"/proc/{pid}/stat");
        if (stat is null)
            return false; // no /proc (or gone): let kill(2) decide
        int close = stat.LastIndexOf(')');
        if (close < 0 || close + 2 >= stat.Length)
            return false;
        char state = stat[close + 2];
        return state is 'Z' or 'X';
    }

    /// <summary>The executable name (<c>comm</c>), e.g. <c>postgres</c>.</summary>
    public static string? Comm(int pid) => TryRead($"/proc/{pid}/comm")?.TrimEnd('\n');

    /// <summary>argv as recorded in <c>/proc/&lt;pid&gt;/cmdline</c> (postgres may rewrite it for children).</summary>
    public static IReadOnlyList<string> CommandLine(int pid)
    {
        string? raw = TryRead($"/proc/{pid}/cmdline");
        return raw is null ? [] : raw.Split('\0', StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary>Real UID from the <c>Uid:</c> line of <c>/proc/&lt;pid&gt;/status</c>.</summary>
    public static uint? RealUserId(int pid)
    {
        string? status = TryRead($"/proc/{pid}/status");
        if (status is null)
            return null;
        foreach (string line in status.Split('\n'))
        {
            if (!line.StartsWith("Uid:", StringComparison.Ordinal))
                continue;
            string[] fields = line[4..].Split(['\t', ' '], StringSplitOptions.RemoveEmptyEntries);
            return fields.Length > 0 && uint.TryParse(fields[0], out uint uid) ? uid : null;
        }
        return null;
    }

    /// <summary>True when the process runs the postgres binary (postmaster or one of its children).</summary>
    public static bool IsPostgres(int pid)
    {
        if (Comm(pid) is "postgres")
            return true;
        IReadOnlyList<string> argv = CommandLine(pid);
        return argv.Count > 0 && (Path.GetFileName(argv[0]) == "postgres" || argv[0].StartsWith("postgres:", StringComparison.Ordinal));
    }

    /// <summary>PIDs of all processes currently listed in /proc.</summary>
    public static IEnumerable<int> AllPids()
    {
        string[] entries;
        try
        {
            entries = Directory.GetDirectories("/proc");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            yield break;
        }
        foreach (string entry in entries)
        {
            if (int.TryParse(Path.GetFileName(entry), out int pid))
                yield return pid;
        }
    }

    private static string? TryRead(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
