using System.Globalization;

namespace Amp.Bench.Common;

/// <summary>
/// CPU time of a process tree from /proc: the root's own and reaped children's time (utime, stime, cutime,
/// cstime) plus the utime and stime of every live direct child. For the postmaster that is every backend,
/// including those that exited during the window (the postmaster reaps them).
/// </summary>
public static class ProcCpu
{
    private const double TicksPerSecond = 100.0; // USER_HZ on Linux

    public static double TreeSeconds(int rootPid)
    {
        var total = 0L;
        var root = Read(rootPid);
        if (root is null)
            return double.NaN;
        total += root.Value.Utime + root.Value.Stime + root.Value.Cutime + root.Value.Cstime;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            var name = Path.GetFileName(dir);
            if (!int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || pid == rootPid)
                continue;
            var s = Read(pid);
            if (s is { } stat && stat.Ppid == rootPid)
                total += stat.Utime + stat.Stime;
        }
        return total / TicksPerSecond;
    }

    /// <summary>
    /// Number of live children of <paramref name="rootPid"/> and the sum of their private memory in KiB
    /// (Private_Clean + Private_Dirty of /proc/PID/smaps_rollup: pages no other process maps, so shared buffers
    /// and copy-on-write pages still shared with the postmaster are not counted).
    /// </summary>
    public static (int Count, long PrivateKib) ChildrenPrivateMemory(int rootPid)
    {
        var count = 0;
        var total = 0L;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || pid == rootPid)
                continue;
            if (Read(pid) is not { } stat || stat.Ppid != rootPid)
                continue;
            count++;
            try
            {
                foreach (var line in File.ReadLines($"/proc/{pid}/smaps_rollup"))
                {
                    if (line.StartsWith("Private_Clean:", StringComparison.Ordinal) || line.StartsWith("Private_Dirty:", StringComparison.Ordinal))
                        total += long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
                }
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
        return (count, total);
    }

    public static double SelfSeconds()
    {
        var s = Read(Environment.ProcessId);
        return s is { } stat ? (stat.Utime + stat.Stime) / TicksPerSecond : double.NaN;
    }

    private readonly record struct Stat(int Ppid, long Utime, long Stime, long Cutime, long Cstime);

    private static Stat? Read(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
        // The command name may contain spaces and parentheses: fields start after the last ')'.
        var close = text.LastIndexOf(')');
        if (close < 0)
            return null;
        var f = text[(close + 2)..].Split(' ');
        // f[0] = state (field 3), f[1] = ppid (4), f[11] = utime (14), f[12] = stime (15), f[13] = cutime, f[14] = cstime
        if (f.Length < 15)
            return null;
        return new Stat(
            int.Parse(f[1], CultureInfo.InvariantCulture),
            long.Parse(f[11], CultureInfo.InvariantCulture),
            long.Parse(f[12], CultureInfo.InvariantCulture),
            long.Parse(f[13], CultureInfo.InvariantCulture),
            long.Parse(f[14], CultureInfo.InvariantCulture));
    }
}
