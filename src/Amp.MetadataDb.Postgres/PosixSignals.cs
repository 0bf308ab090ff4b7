using System.Runtime.InteropServices;

namespace Amp.MetadataDb.Postgres;

/// <summary>libc <c>kill</c>/<c>geteuid</c> and a zombie-aware liveness check.</summary>
internal static partial class PosixSignals
{
    public const int SIGKILL = 9;
    public const int SIGINT = 2;
    public const int SIGTERM = 15;

    private const int ESRCH = 3;
    private const int EPERM = 1;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int SysKill(int pid, int sig);

    [LibraryImport("libc", EntryPoint = "geteuid")]
    private static partial uint SysGetEuid();

    public static uint EffectiveUserId => SysGetEuid();

    public static bool IsRoot => SysGetEuid() == 0;

    /// <summary>Sends <paramref name="signal"/>; false when the process does not exist (ESRCH).</summary>
    public static bool Send(int pid, int signal)
    {
        if (pid <= 0)
            throw new ArgumentOutOfRangeException(nameof(pid), pid, "refusing to signal a process group");
        if (SysKill(pid, signal) == 0)
            return true;
        int errno = Marshal.GetLastPInvokeError();
        if (errno == ESRCH)
            return false;
        throw new ManagedPostgresException($"kill({pid}, {signal}) failed: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})");
    }

    /// <summary>True when <paramref name="pid"/> exists and is not a zombie.</summary>
    public static bool IsAlive(int pid)
    {
        if (pid <= 0)
            return false;
        if (SysKill(pid, 0) != 0 && Marshal.GetLastPInvokeError() != EPERM)
            return false;
        return !ProcInfo.IsZombie(pid);
    }
}
