using System.ComponentModel;
using System.Runtime.InteropServices;

namespace Amp.DataStore.Parquet.Writing;

/// <summary>
/// Makes a rename durable: fsync of the directory that holds the entry. Without it a power loss after the commit
/// could lose the renamed file while <c>file_metadata</c> already registers it (a fatal CONSISTENCY_CHECK at the next start).
/// </summary>
internal static class DirectorySync
{
    private const int ReadOnly = 0, Directory = 0x10000;

    public static void Flush(string directory)
    {
        var fd = Open(directory, ReadOnly | Directory);
        if (fd < 0)
            throw new IOException($"cannot open directory {directory} to sync it", new Win32Exception(Marshal.GetLastPInvokeError()));
        try
        {
            if (Fsync(fd) != 0)
                throw new IOException($"cannot sync directory {directory}", new Win32Exception(Marshal.GetLastPInvokeError()));
        }
        finally
        {
            _ = Close(fd);
        }
    }

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static extern int Fsync(int fd);

    [DllImport("libc", EntryPoint = "close", SetLastError = true)]
    private static extern int Close(int fd);
}
