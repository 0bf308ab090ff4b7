using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Amp.MetadataDb.Postgres;

/// <summary>
/// The running postmaster: forwards its output to the logger, keeps the last lines for error messages and
/// completes <see cref="Exited"/> when the process exits for any reason.
/// </summary>
internal sealed class PostmasterProcess : IDisposable
{
    private readonly Process _process;
    private readonly string _dataDirectory;
    private readonly ILogger _logger;
    private readonly OutputTail _tail = new(40);
    private readonly TaskCompletionSource<int> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _stopRequested;

    private PostmasterProcess(Process process, string dataDirectory, ILogger logger)
    {
        _process = process;
        _dataDirectory = dataDirectory;
        _logger = logger;
    }

    public int Pid { get; private set; }

    /// <summary>Completes with the exit code (128+signal when killed by a signal) once the postmaster has exited.</summary>
    public Task<int> Exited => _exited.Task;

    public bool HasExited => _exited.Task.IsCompleted;

    public static PostmasterProcess Start(ProcessStartInfo psi, string dataDirectory, ILogger logger)
    {
        var process = new Process { StartInfo = psi, EnableRaisingEvents = true };
        var postmaster = new PostmasterProcess(process, dataDirectory, logger);
        process.OutputDataReceived += (_, e) => postmaster.OnLine(e.Data, ServerLogLevel.ForStdout);
        process.ErrorDataReceived += (_, e) => postmaster.OnLine(e.Data, ServerLogLevel.ForStderr);
        process.Exited += (_, _) => postmaster.OnExited();
        try
        {
            process.Start();
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            process.Dispose();
            throw new ManagedPostgresException($"Could not start '{psi.FileName}': {e.Message}", e);
        }
        postmaster.Pid = process.Id;
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return postmaster;
    }

    /// <summary>Marks the coming exit as requested, so it is not logged as a crash.</summary>
    public void ExpectExit() => _stopRequested = true;

    /// <summary>Sends a signal unless the postmaster has already exited; false when it had.</summary>
    public bool Signal(int signal)
    {
        if (HasExited || _process.HasExited)
            return false;
        return PosixSignals.Send(Pid, signal);
    }

    /// <summary>Waits (bounded) until the postmaster's output pipes are closed, so <see cref="RecentOutput"/> is complete.</summary>
    public async Task DrainOutputAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // a child that inherited the pipes still holds them; take what we have
        }
    }

    public string RecentOutput() => _tail.Text();

    public void Dispose() => _process.Dispose();

    private void OnLine(string? line, Func<string, LogLevel> level)
    {
        if (line is null)
            return;
        _tail.Add(line);
        Log.ServerOutput(_logger, level(line), Pid, line);
    }

    private void OnExited()
    {
        int code;
        try
        {
            code = _process.ExitCode;
        }
        catch (InvalidOperationException)
        {
            code = -1;
        }
        int pid = _process.Id; // Pid may not be assigned yet when the process died at once
        if (_stopRequested)
            Log.ServerExited(_logger, _dataDirectory, pid, code);
        else
            Log.ServerExitedUnexpectedly(_logger, _dataDirectory, pid, code);
        _exited.TrySetResult(code);
    }
}
