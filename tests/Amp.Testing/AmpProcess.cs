using System.Diagnostics;
using System.Text;

namespace Amp.Testing;

/// <summary>A real ampd or ampctl process with its output captured, for end-to-end and kill tests.</summary>
public sealed class AmpProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private Task _readers = Task.CompletedTask;

    private AmpProcess(Process process) => _process = process;

    private static async Task Pump(StreamReader reader, StringBuilder sink)
    {
        var buffer = new char[4096];
        int n;
        while ((n = await reader.ReadAsync(buffer).ConfigureAwait(false)) > 0)
            lock (sink)
                sink.Append(buffer, 0, n);
    }

    public int Pid => _process.Id;
    public string Name { get; private init; } = "";

    public string Stdout { get { lock (_stdout) return _stdout.ToString(); } }
    public string Stderr { get { lock (_stderr) return _stderr.ToString(); } }
    public string Output => $"--- stdout of {Name} ---\n{Stdout}\n--- stderr of {Name} ---\n{Stderr}";

    public bool HasExited => _exited.Task.IsCompleted;
    public int ExitCode => _process.ExitCode;

    public static AmpProcess Start(string executable, IEnumerable<string> args, IReadOnlyDictionary<string, string?>? env = null, string? workingDirectory = null)
    {
        var psi = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Path.GetTempPath(),
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var a in args)
            psi.ArgumentList.Add(a);
        foreach (var key in psi.Environment.Keys.Where(k => k.StartsWith("AMP_", StringComparison.Ordinal)).ToList())
            psi.Environment.Remove(key);
        psi.Environment["NO_COLOR"] = "1";
        if (env is not null)
            foreach (var (k, v) in env)
                psi.Environment[k] = v;

        var process = new Process { StartInfo = psi, EnableRaisingEvents = true };
        var amp = new AmpProcess(process) { Name = $"{Path.GetFileName(executable)} {string.Join(' ', psi.ArgumentList)}" };
        process.Exited += (_, _) => amp._exited.TrySetResult();
        process.Start();
        // Read characters, not lines: a screen-drawing program (watch under script) may never end its last line.
        amp._readers = Task.WhenAll(Pump(process.StandardOutput, amp._stdout), Pump(process.StandardError, amp._stderr));
        return amp;
    }

    /// <summary>Waits for exit and for all output to be read; fails the test with the output if it takes too long.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        var done = await Task.WhenAny(_exited.Task, Task.Delay(timeout)).ConfigureAwait(false);
        if (done != _exited.Task)
            throw new TimeoutException($"{Name} did not exit within {timeout.TotalSeconds:0}s\n{Output}");
        await _process.WaitForExitAsync().ConfigureAwait(false);
        // Children that inherited the pipes may keep them open; wait for the output briefly, not forever.
        await _readers.WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        return _process.ExitCode;
    }

    public bool Printed(string text) =>
        Stdout.Contains(text, StringComparison.Ordinal) || Stderr.Contains(text, StringComparison.Ordinal);

    /// <summary>Waits until the process prints <paramref name="text"/>; fails at once, with its output, if it exits first.</summary>
    public async Task WaitForOutputAsync(string text, TimeSpan? timeout = null)
    {
        var exitedWithout = false;
        await Eventually.UntilAsync(() => Printed(text) || (exitedWithout = HasExited && !Printed(text)), $"'{text}' in the output of {Name}", timeout).ConfigureAwait(false);
        if (exitedWithout)
            throw new InvalidOperationException($"{Name} exited with code {ExitCode} before printing '{text}'\n{Output}");
    }

    public void Signal(int signal) => Signals.Send(Pid, signal);

    public void Kill9() => Signal(Signals.SIGKILL);

    public async ValueTask DisposeAsync()
    {
        if (!HasExited)
        {
            try
            {
                Signal(Signals.SIGKILL);
                await WaitForExitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
            }
            catch (Exception)
            {
                // already gone
            }
        }
        _process.Dispose();
    }

    /// <summary>Runs a command to completion and returns its exit code and output.</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string executable, IEnumerable<string> args,
        IReadOnlyDictionary<string, string?>? env = null, TimeSpan? timeout = null)
    {
        await using var p = Start(executable, args, env);
        var code = await p.WaitForExitAsync(timeout ?? TimeSpan.FromSeconds(60)).ConfigureAwait(false);
        return (code, p.Stdout, p.Stderr);
    }
}
