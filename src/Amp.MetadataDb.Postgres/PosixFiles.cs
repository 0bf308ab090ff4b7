using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Amp.MetadataDb.Postgres;

/// <summary>Owner, permission bits and type of a file (from statx, whose layout is the same on every Linux arch).</summary>
internal readonly record struct FileStatus(uint Uid, uint Gid, UnixFileMode Mode, bool IsDirectory, ulong Device, ulong Inode)
{
    /// <summary>True when both describe the same file (same device and inode).</summary>
    public bool IsSameFileAs(FileStatus other) => Device == other.Device && Inode == other.Inode;
}

/// <summary>libc <c>statx</c> and <c>lchown</c>, which .NET does not expose.</summary>
internal static unsafe partial class PosixFiles
{
    private const int AT_FDCWD = -100;
    private const int AT_SYMLINK_NOFOLLOW = 0x100;
    private const uint STATX_BASIC_STATS = 0x7ff;
    private const int StatxSize = 256;

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SysStatx(int dirfd, string path, int flags, uint mask, byte* buffer);

    [LibraryImport("libc", EntryPoint = "lchown", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SysLchown(string path, uint uid, uint gid);

    /// <summary>statx of <paramref name="path"/>; symlinks are followed only when <paramref name="followSymlinks"/>.</summary>
    public static FileStatus Stat(string path, bool followSymlinks = false)
    {
        byte* buffer = stackalloc byte[StatxSize];
        if (SysStatx(AT_FDCWD, path, followSymlinks ? 0 : AT_SYMLINK_NOFOLLOW, STATX_BASIC_STATS, buffer) != 0)
            throw Failure("statx", path);
        // Offsets of struct statx (linux/stat.h); host byte order, and .NET on Linux is little-endian everywhere.
        var span = new ReadOnlySpan<byte>(buffer, StatxSize);
        uint uid = BinaryPrimitives.ReadUInt32LittleEndian(span[20..]);
        uint gid = BinaryPrimitives.ReadUInt32LittleEndian(span[24..]);
        ushort mode = BinaryPrimitives.ReadUInt16LittleEndian(span[28..]);
        ulong inode = BinaryPrimitives.ReadUInt64LittleEndian(span[32..]);
        ulong device = ((ulong)BinaryPrimitives.ReadUInt32LittleEndian(span[136..]) << 32) | BinaryPrimitives.ReadUInt32LittleEndian(span[140..]);
        const int S_IFMT = 0xf000, S_IFDIR = 0x4000;
        return new FileStatus(uid, gid, (UnixFileMode)(mode & 0xfff), (mode & S_IFMT) == S_IFDIR, device, inode);
    }

    public static void Chown(string path, uint uid, uint gid)
    {
        if (SysLchown(path, uid, gid) != 0)
            throw Failure("chown", path);
    }

    /// <summary>Changes the owner of <paramref name="root"/> and everything below it (symlinks themselves, not targets).</summary>
    /// <returns>How many entries were changed.</returns>
    public static int ChownTree(string root, uint uid, uint gid)
    {
        int changed = 0;
        var pending = new Stack<string>();
        pending.Push(root);
        while (pending.TryPop(out string? path))
        {
            FileStatus status;
            try
            {
                status = Stat(path);
            }
            catch (ManagedPostgresException) when (!Path.Exists(path) && path != root)
            {
                continue; // removed while we walked
            }
            if (status.Uid != uid || status.Gid != gid)
            {
                Chown(path, uid, gid);
                changed++;
            }
            if (status.IsDirectory)
            {
                foreach (string child in Directory.EnumerateFileSystemEntries(path))
                    pending.Push(child);
            }
        }
        return changed;
    }

    /// <summary>statx following symlinks, or null when the path cannot be examined (missing, no permission).</summary>
    public static FileStatus? TryStat(string path)
    {
        try
        {
            return Stat(path, followSymlinks: true);
        }
        catch (ManagedPostgresException)
        {
            return null;
        }
    }

    private static ManagedPostgresException Failure(string call, string path)
    {
        int errno = Marshal.GetLastPInvokeError();
        return new ManagedPostgresException($"{call}(\"{path}\") failed: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})");
    }
}
