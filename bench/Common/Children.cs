using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Amp.Bench.Common;

/// <summary>A process this benchmark started, with its output appended to a log file.</summary>
public sealed class Child
{
    internal Child(Process process, string name, string log)
    {
        Process = process;
        Name = name;
        Log = log;
    }

    public Process Process { get; }
    public string Name { get; }
    public string Log { get; }
    public int Pid => Process.Id;
    public bool Exited => Process.HasExited;

    /// <summary>SIGKILL, as a crash would.</summary>
    public void Kill9()
    {
        if (!Process.HasExited)
            _ = Children.SysKill(Process.Id, 9);
    }

    /// <summary>SIGTERM, then SIGKILL after <paramref name="grace"/>.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        if (Process.HasExited)
            return;
        _ = Children.SysKill(Process.Id, 15);
        using var cts = new CancellationTokenSource(grace);
        try
        {
            await Process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Kill9();
            await Process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }
}

/// <summary>
/// Starts child processes with their output in log files and ends every one of them when this process exits,
/// is interrupted or fails, so a benchmark never leaves a process behind.
/// </summary>
public static partial class Children
{
    private static readonly List<Child> Started = [];
    private static readonly List<PosixSignalRegistration> Signals = [];
    private static int _installed;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    internal static partial int SysKill(int pid, int signal);

    public static void InstallCleanup()
    {
        if (Interlocked.Exchange(ref _installed, 1) == 1)
            return;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => KillAll();
        AppDomain.CurrentDomain.UnhandledException += (_, _) => KillAll();
        foreach (var signal in new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGHUP })
            Signals.Add(PosixSignalRegistration.Create(signal, ctx =>
            {
                KillAll();
                ctx.Cancel = false;
            }));
    }

    /// <summary>Starts <paramref name="exe"/> with stdout and stderr appended to <paramref name="log"/>.</summary>
    public static Child Start(string name, string exe, IEnumerable<string> args, string log, IDictionary<string, string>? env = null)
    {
        InstallCleanup();
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(log))!);
        // exec keeps the PID: the process we track is the program itself, not a shell around it.
        var psi = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add("exec \"$0\" \"$@\" >>\"$BENCH_CHILD_LOG\" 2>&1 </dev/null");
        psi.ArgumentList.Add(exe);
        foreach (var a in args)
            psi.ArgumentList.Add(a);
        psi.Environment["BENCH_CHILD_LOG"] = Path.GetFullPath(log);
        if (env is not null)
            foreach (var (k, v) in env)
                psi.Environment[k] = v;
        var process = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {exe}");
        var child = new Child(process, name, log);
        lock (Started)
            Started.Add(child);
        return child;
    }

    public static void KillAll()
    {
        Child[] all;
        lock (Started)
            all = [.. Started];
        foreach (var c in all)
        {
            try
            {
                if (!c.Process.HasExited)
                    _ = SysKill(c.Process.Id, 9);
            }
            catch (InvalidOperationException)
            {
            }
        }
    }

    /// <summary>Ends every started process that is still running: SIGTERM first, SIGKILL after the grace time.</summary>
    public static async Task StopAllAsync(TimeSpan grace)
    {
        Child[] all;
        lock (Started)
            all = [.. Started];
        await Task.WhenAll(all.Select(c => c.StopAsync(grace))).ConfigureAwait(false);
    }
}
