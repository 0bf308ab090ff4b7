using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace Ampd.Hosting;

/// <summary>
/// An exclusive <c>flock</c> on <c>&lt;amp_dir&gt;/ampd.lock</c>, held open for the life of an <c>ampd solo</c>, with
/// the holder's PID written inside. A second solo on the same directory is refused before it touches anything;
/// the lock dies with the process (even on SIGKILL), so a server left behind by a crashed solo is an orphan
/// exactly when nobody holds the lock. The descriptor is close-on-exec so the managed PostgreSQL never inherits it.
/// </summary>
public sealed partial class AmpDirLock : IDisposable
{
    public const string FileName = "ampd.lock";

    private const int O_RDWR = 0x2;
    private const int O_CREAT = 0x40;
    private const int O_CLOEXEC = 0x80000;
    private const int LOCK_EX = 2;
    private const int LOCK_NB = 4;
    private const int EWOULDBLOCK = 11;
    private const int EINTR = 4;

    private int _fd;

    private AmpDirLock(int fd, string path)
    {
        _fd = fd;
        Path = path;
    }

    public string Path { get; }

    /// <summary>Outcome of <see cref="TryAcquire"/>: the held lock, or the PID of the process that holds it (0 when unreadable).</summary>
    public abstract record Outcome
    {
        private Outcome() { }

        public sealed record Acquired(AmpDirLock Lock) : Outcome;

        public sealed record HeldByOther(int Pid) : Outcome;
    }

    /// <summary>Takes the lock without waiting; an I/O failure (permissions, read-only disk) throws <see cref="IOException"/>.</summary>
    public static Outcome TryAcquire(string ampDir)
    {
        var path = System.IO.Path.Combine(ampDir, FileName);
        var fd = Open(path, O_RDWR | O_CREAT | O_CLOEXEC, Convert.ToInt32("644", 8));
        if (fd < 0)
            throw new IOException($"cannot open the lock file '{path}': {LastError()}");
        int rc;
        while ((rc = Flock(fd, LOCK_EX | LOCK_NB)) != 0 && Marshal.GetLastPInvokeError() == EINTR)
        {
        }
        if (rc != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            var holder = ReadPid(fd);
            Close(fd);
            if (errno != EWOULDBLOCK)
                throw new IOException($"cannot lock '{path}': {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})");
            return new Outcome.HeldByOther(holder);
        }
        var text = Encoding.ASCII.GetBytes(Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "\n");
        if (Ftruncate(fd, 0) != 0 || Pwrite(fd, text, text.Length, 0) != text.Length)
        {
            var error = LastError();
            Close(fd);
            throw new IOException($"cannot write the lock file '{path}': {error}");
        }
        return new Outcome.Acquired(new AmpDirLock(fd, path));
    }

    private static int ReadPid(int fd)
    {
        var buffer = new byte[32];
        var n = Pread(fd, buffer, buffer.Length, 0);
        if (n <= 0)
            return 0;
        return int.TryParse(Encoding.ASCII.GetString(buffer, 0, (int)n).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : 0;
    }

    private static string LastError()
    {
        var errno = Marshal.GetLastPInvokeError();
        return $"{Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})";
    }

    public void Dispose()
    {
        var fd = Interlocked.Exchange(ref _fd, -1);
        if (fd >= 0)
            Close(fd); // closing the last descriptor releases the flock
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags, int mode);

    [LibraryImport("libc", EntryPoint = "flock", SetLastError = true)]
    private static partial int Flock(int fd, int operation);

    [LibraryImport("libc", EntryPoint = "ftruncate", SetLastError = true)]
    private static partial int Ftruncate(int fd, long length);

    [LibraryImport("libc", EntryPoint = "pwrite", SetLastError = true)]
    private static partial nint Pwrite(int fd, byte[] buffer, nint count, long offset);

    [LibraryImport("libc", EntryPoint = "pread", SetLastError = true)]
    private static partial nint Pread(int fd, byte[] buffer, nint count, long offset);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
