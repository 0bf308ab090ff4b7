using System.Globalization;
using Amp.Testing;

namespace Amp.EndToEnd.Tests.Hardening;

/// <summary>A process and all its children stopped with SIGSTOP (a hung PostgreSQL), until <see cref="Thaw"/>.</summary>
public sealed class FrozenProcessTree
{
    private readonly List<int> _pids;

    private FrozenProcessTree(List<int> pids) => _pids = pids;

    public static FrozenProcessTree Freeze(int root)
    {
        var pids = new List<int> { root };
        pids.AddRange(ChildrenOf(root));
        foreach (var pid in pids)
            Signals.Send(pid, Signals.SIGSTOP);
        return new FrozenProcessTree(pids);
    }

    public void Thaw()
    {
        foreach (var pid in _pids)
            Signals.Send(pid, Signals.SIGCONT);
    }

    private static IEnumerable<int> ChildrenOf(int parent)
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
                continue;
            string stat;
            try
            {
                stat = File.ReadAllText(Path.Combine(dir, "stat"));
            }
            catch (IOException)
            {
                continue;
            }
            // pid (comm) state ppid ...: comm may contain spaces, so read after the last ')'.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            if (int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var ppid) && ppid == parent)
                yield return pid;
        }
    }
}
