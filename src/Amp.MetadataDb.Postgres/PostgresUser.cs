using System.Runtime.InteropServices;

namespace Amp.MetadataDb.Postgres;

/// <summary>
/// The OS account the server runs as when this process is root (PostgreSQL refuses to run as root):
/// the <c>postgres</c> system user. When this process is not root the server runs as this process's user
/// and <see cref="ForServer"/> returns null.
/// </summary>
internal sealed unsafe partial record PostgresUser(string Name, uint Uid, uint Gid, IReadOnlyList<uint> Groups)
{
    public const string DefaultName = "postgres";

    [LibraryImport("libc", EntryPoint = "getpwnam", StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint SysGetpwnam(string name);

    [LibraryImport("libc", EntryPoint = "getgrouplist", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SysGetgrouplist(string user, uint group, uint* groups, int* ngroups);

    /// <summary>The account to drop to, or null when this process is not root and runs the server itself.</summary>
    public static PostgresUser? ForServer() => PosixSignals.IsRoot ? Lookup(DefaultName) : null;

    /// <summary>
    /// Name of the database superuser created by initdb: the OS user of this process, so that its clients
    /// (and psql run by the same OS user) connect without naming a user.
    /// </summary>
    public static string SuperuserName => PosixSignals.IsRoot ? "root" : Environment.UserName;

    public static PostgresUser Lookup(string name)
    {
        nint passwd = SysGetpwnam(name);
        if (passwd == 0)
        {
            throw new ManagedPostgresException(
                $"This process runs as root, and PostgreSQL refuses to run as root, so the managed server must run as the " +
                $"'{name}' system user, but no such user exists. Fix: create it (e.g. `useradd --system --user-group {name}`, " +
                "or install the PostgreSQL server package, which creates it) or run this process as a non-root user.");
        }
        // struct passwd { char* pw_name; char* pw_passwd; uid_t pw_uid; gid_t pw_gid; ... }
        uint uid = (uint)Marshal.ReadInt32(passwd, 2 * IntPtr.Size);
        uint gid = (uint)Marshal.ReadInt32(passwd, 2 * IntPtr.Size + 4);
        return new PostgresUser(name, uid, gid, GroupsOf(name, gid));
    }

    /// <summary>True when this user may search (traverse) a directory with the given owner and mode.</summary>
    public bool CanTraverse(FileStatus dir)
    {
        if (Uid == 0)
            return true;
        if (dir.Uid == Uid)
            return dir.Mode.HasFlag(UnixFileMode.UserExecute);
        if (Groups.Contains(dir.Gid))
            return dir.Mode.HasFlag(UnixFileMode.GroupExecute);
        return dir.Mode.HasFlag(UnixFileMode.OtherExecute);
    }

    private static uint[] GroupsOf(string name, uint primaryGid)
    {
        int count = 64;
        for (int attempt = 0; attempt < 4; attempt++)
        {
            uint[] groups = new uint[count];
            int n = count;
            int rc;
            fixed (uint* p = groups)
                rc = SysGetgrouplist(name, primaryGid, p, &n);
            if (rc >= 0)
                return groups[..n];
            count = Math.Max(n, count * 2);
        }
        return [primaryGid];
    }
}
