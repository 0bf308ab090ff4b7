using Amp.Core.Time;
using Amp.Core.Workers;
using Amp.MetadataDb.Connection;
using Amp.MetadataDb.Incarnations;
using Amp.MetadataDb.Workers;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Amp.Worker.Lifecycle;

/// <summary>
/// A worker node's identity in the metadata database: takes the node ID's lock before writing anything,
/// registers a new incarnation, heartbeats on the lock session, and when the session fails fences itself,
/// reconnects with backoff and comes back as the next incarnation. Exits only when another process holds its ID.
/// </summary>
public sealed class WorkerNode : IAsyncDisposable
{
    private readonly MetadataDatabase _db;
    private readonly WorkerOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly NodeLockAcquirer _acquirer;
    private NpgsqlConnection? _session;
    private Incarnation? _current;

    public WorkerNode(MetadataDatabase db, WorkerOptions options, TimeProvider time, ILogger<WorkerNode> logger)
    {
        _db = db;
        _options = options;
        _time = time;
        _logger = logger;
        _acquirer = new NodeLockAcquirer(db, options, time, logger);
    }

    public NodeId NodeId => _options.NodeId;

    /// <summary>The live incarnation, or null before start, while reconnecting and after stop.</summary>
    public Incarnation? Current => _current is { IsFenced: false } c ? c : null;

    /// <summary>Raised after each registration (start and every reconnect).</summary>
    public event Action<Incarnation>? IncarnationStarted;

    /// <summary>
    /// Start-up: waits for the database (retrying connection failures), takes the lock, registers.
    /// A refused start is recorded in worker_duplicate_starts and leaves the incumbent untouched.
    /// </summary>
    public async Task<StartOutcome> StartAsync(CancellationToken ct)
    {
        var backoff = new Backoff(_options.ReconnectBackoffInitial, _options.ReconnectBackoffMax);
        while (true)
        {
            try
            {
                switch (await _acquirer.AcquireAsync(null, null, ct).ConfigureAwait(false))
                {
                    case LockOutcome.Acquired acquired:
                        var registration = await RegisterAsync(acquired.Session, null, ct).ConfigureAwait(false);
                        return new StartOutcome.Started(registration);
                    case LockOutcome.InUse inUse:
                        WorkerLog.InUse(_logger, NodeId.Value, inUse.Holder?.BackendPid, inUse.Holder?.ApplicationName);
                        await RecordRefusalAsync(inUse.Holder, ct).ConfigureAwait(false);
                        return new StartOutcome.InUse(inUse.Holder);
                }
            }
            catch (Exception ex) when (!ct.IsCancellationRequested && DbErrors.IsConnectionError(ex))
            {
                var delay = backoff.Next();
                WorkerLog.ReconnectFailed(_logger, NodeId.Value, backoff.Attempt, DbErrors.Describe(ex), delay.TotalSeconds);
                await Task.Delay(delay, _time, ct).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Heartbeats until <paramref name="ct"/> is cancelled or the node ID is taken by another process. Between beats
    /// the lock session waits on its socket, so a session the server ends (terminated, crashed) fences the
    /// incarnation at once instead of at the next beat. Every interval is measured on the monotonic clock: a step of
    /// the wall clock changes nothing.
    /// </summary>
    public async Task<WorkerExit> RunAsync(CancellationToken ct)
    {
        var lastGoodBeat = _time.GetTimestamp();
        while (!ct.IsCancellationRequested)
        {
            var incarnation = _current ?? throw new InvalidOperationException("RunAsync before a successful StartAsync");
            var beatStarted = _time.GetTimestamp();
            var failure = PausedTooLong(lastGoodBeat) ?? await BeatAsync(incarnation, ct).ConfigureAwait(false);
            if (failure is null)
            {
                lastGoodBeat = beatStarted;
                failure = await WaitForNextBeatAsync(beatStarted, ct).ConfigureAwait(false);
            }
            if (ct.IsCancellationRequested)
                break;
            if (failure is null)
                continue;

            WorkerLog.HeartbeatFailed(_logger, NodeId.Value, incarnation.Epoch.Value, failure);
            incarnation.Fence();
            await DropSessionAsync().ConfigureAwait(false);
            _db.ResetPool();
            await EndLostIncarnationAsync(incarnation).ConfigureAwait(false);
            if (await ReconnectAsync(incarnation, ct).ConfigureAwait(false) == WorkerExit.Superseded)
                return WorkerExit.Superseded;
            lastGoodBeat = _time.GetTimestamp();
        }
        return WorkerExit.Stopped;
    }

    /// <summary>
    /// A process that was paused (SIGSTOP, a VM freeze) for longer than the inactive threshold finds its jobs may
    /// have been moved to other workers; it must not let them run on, so it fences itself.
    /// </summary>
    private string? PausedTooLong(long lastGoodBeat)
    {
        var silent = _time.GetElapsedTime(lastGoodBeat);
        var limit = _options.Liveness.Inactive - _options.HeartbeatInterval;
        return silent >= limit
            ? $"no heartbeat for {silent.TotalSeconds:0.#}s (the process was paused): the controller may have moved this worker's jobs"
            : null;
    }

    /// <summary>
    /// Waits on the lock session's socket until the next beat is due. Returns why the session failed, or null.
    /// The wait is cut into short slices without the stop token (cancelling a wait would break the session the
    /// graceful stop still needs), so a stop is noticed within a slice.
    /// </summary>
    private async Task<string?> WaitForNextBeatAsync(long beatStarted, CancellationToken ct)
    {
        var slice = TimeSpan.FromMilliseconds(200);
        while (!ct.IsCancellationRequested)
        {
            var remaining = _options.HeartbeatInterval - _time.GetElapsedTime(beatStarted);
            if (remaining <= TimeSpan.Zero)
                return null;
            // Npgsql reads a timeout of 0 ms as "wait for ever": never pass less than 1 ms.
            var wait = (int)Math.Clamp(Math.Ceiling((remaining < slice ? remaining : slice).TotalMilliseconds), 1, slice.TotalMilliseconds);
            try
            {
                await _session!.WaitAsync(wait).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                return $"the lock session ended: {DbErrors.Describe(ex)}";
            }
        }
        return null;
    }

    /// <summary>
    /// Records the lost incarnation as connection_lost at once (on a pooled connection, best effort), so the API and
    /// the controller see this worker inactive as soon as it stopped acting, not only when the lock goes away.
    /// </summary>
    private async Task EndLostIncarnationAsync(Incarnation lost)
    {
        try
        {
            using var timeout = new CancellationTokenSource(_options.HeartbeatTimeout);
            await using var conn = await _db.DataSource.OpenBoundedAsync(timeout.Token).ConfigureAwait(false);
            await IncarnationRepository.EndAsync(conn, NodeId, lost.Epoch, IncarnationEndReason.ConnectionLost, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            WorkerLog.RecordLossFailed(_logger, NodeId.Value, lost.Epoch.Value, ex is OperationCanceledException ? "no answer" : DbErrors.Describe(ex));
        }
    }

    /// <summary>Graceful stop: ends the incarnation as graceful, releases the lock, closes the session.</summary>
    public async Task StopAsync(CancellationToken ct)
    {
        var incarnation = _current;
        var session = _session;
        if (incarnation is null || session is null)
        {
            await DropSessionAsync().ConfigureAwait(false);
            return;
        }
        incarnation.Fence();
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(2));
            await IncarnationRepository.EndAsync(session, NodeId, incarnation.Epoch, IncarnationEndReason.Graceful, timeout.Token).ConfigureAwait(false);
            await NodeIdLock.ReleaseAsync(session, NodeId, timeout.Token).ConfigureAwait(false);
            WorkerLog.StoppedGracefully(_logger, NodeId.Value, incarnation.Epoch.Value);
        }
        catch (Exception ex)
        {
            WorkerLog.GracefulEndFailed(_logger, NodeId.Value, incarnation.Epoch.Value, DbErrors.Describe(ex));
        }
        finally
        {
            await DropSessionAsync().ConfigureAwait(false);
            _current = null;
        }
    }

    /// <summary>
    /// Writes one heartbeat. The deadline is kept by the worker's own monotonic timer, not by the driver's
    /// cancellation (which first asks the server to cancel and waits): a hung session fails the beat exactly at
    /// <see cref="WorkerOptions.HeartbeatTimeout"/>, and the session is then dropped.
    /// </summary>
    private async Task<string?> BeatAsync(Incarnation incarnation, CancellationToken ct)
    {
        using var abandon = new CancellationTokenSource();
        var write = WorkerRepository.HeartbeatAsync(_session!, NodeId, incarnation.Epoch, abandon.Token);
        try
        {
            var beat = await write.WaitAsync(_options.HeartbeatTimeout, _time, ct).ConfigureAwait(false);
            if (beat is null)
                return $"the workers row no longer belongs to epoch {incarnation.Epoch}";
            incarnation.LastHeartbeatAt = beat.At;
            if (incarnation.SetDraining(beat.DrainingSince is not null))
                WorkerLog.DrainChanged(_logger, NodeId.Value, incarnation.Epoch.Value, incarnation.IsDraining);
            return null;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // A stop during a beat lets the beat finish (bounded by the heartbeat timeout): cancelling it would leave
            // the lock session busy or broken, and the graceful stop writes the incarnation's end on that session.
            try
            {
                await write.WaitAsync(_options.HeartbeatTimeout, _time, CancellationToken.None).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                await AbandonAsync(write, abandon).ConfigureAwait(false);
            }
            catch (Exception)
            {
                // the beat failed: the worker is stopping anyway, and the stop reports what it cannot write
            }
            return null;
        }
        catch (TimeoutException)
        {
            await AbandonAsync(write, abandon).ConfigureAwait(false);
            return $"no answer within {_options.HeartbeatTimeout.TotalSeconds:0.#}s";
        }
        catch (Exception ex)
        {
            return DbErrors.Describe(ex);
        }
    }

    /// <summary>Cancels a write that outlived its deadline and lets it end in the background, observed.</summary>
    private static async Task AbandonAsync(Task write, CancellationTokenSource abandon)
    {
        await abandon.CancelAsync().ConfigureAwait(false);
        _ = write.ContinueWith(t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
    }

    private async Task<WorkerExit?> ReconnectAsync(Incarnation lost, CancellationToken ct)
    {
        var backoff = new Backoff(_options.ReconnectBackoffInitial, _options.ReconnectBackoffMax);
        var staleBackendPid = (int?)lost.Registration.BackendPid;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                switch (await _acquirer.AcquireAsync(staleBackendPid, lost.Epoch, ct).ConfigureAwait(false))
                {
                    case LockOutcome.Acquired acquired:
                        var registration = await RegisterAsync(acquired.Session, lost.Epoch, ct).ConfigureAwait(false);
                        WorkerLog.Reconnected(_logger, NodeId.Value, lost.Epoch.Value, registration.Epoch.Value);
                        return null;
                    case LockOutcome.InUse inUse when inUse.Holder is null || inUse.Holder.BackendPid == staleBackendPid:
                        // Our own old session still holds the lock (its backend hangs, or the server has not
                        // noticed the broken connection yet): not another process. Keep trying until it goes.
                        var wait = backoff.Next();
                        WorkerLog.OwnSessionStillHoldsLock(_logger, NodeId.Value, lost.Epoch.Value, inUse.Holder?.BackendPid, wait.TotalSeconds);
                        await Task.Delay(wait, _time, ct).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                        break;
                    case LockOutcome.InUse inUse:
                        WorkerLog.Superseded(_logger, NodeId.Value, lost.Epoch.Value, inUse.Holder?.BackendPid);
                        await new IncarnationRepository(_db.DataSource).MarkSupersededAsync(NodeId, lost.Epoch, lost.LastHeartbeatAt, ct).ConfigureAwait(false);
                        return WorkerExit.Superseded;
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                break; // stopping while reconnecting
            }
            catch (Exception ex) when (!ct.IsCancellationRequested)
            {
                var delay = backoff.Next();
                WorkerLog.ReconnectFailed(_logger, NodeId.Value, backoff.Attempt, DbErrors.Describe(ex), delay.TotalSeconds);
                try
                {
                    await Task.Delay(delay, _time, ct).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }
        return WorkerExit.Stopped;
    }

    private async Task<Registration> RegisterAsync(NpgsqlConnection session, Epoch? ownPreviousEpoch, CancellationToken ct)
    {
        try
        {
            var registration = await WorkerRegistration.RegisterAsync(session, NodeId, _options.Info, _options.Origin, ownPreviousEpoch, ct).ConfigureAwait(false);
            _session = session;
            _current = new Incarnation(registration) { LastHeartbeatAt = registration.RegisteredAt };
            WorkerLog.Registered(_logger, NodeId.Value, registration.Epoch.Value, registration.BackendPid, _options.Info.Version);
            IncarnationStarted?.Invoke(_current);
            return registration;
        }
        catch
        {
            await session.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task RecordRefusalAsync(LockHolder? holder, CancellationToken ct)
    {
        try
        {
            await new DuplicateStartRepository(_db.DataSource).RecordAsync(NodeId, _options.Origin, _options.Info, holder?.BackendPid, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            WorkerLog.RecordRefusalFailed(_logger, NodeId.Value, DbErrors.Describe(ex));
        }
    }

    /// <summary>Closes the lock session; a session stuck on a hung server is left to close in the background.</summary>
    private async Task DropSessionAsync()
    {
        var session = Interlocked.Exchange(ref _session, null);
        if (session is null)
            return;
        var close = session.DisposeAsync().AsTask();
        try
        {
            await close.WaitAsync(TimeSpan.FromSeconds(1), _time).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // The session is already broken or hangs; the server releases its lock when it notices.
            _ = close.ContinueWith(t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _current?.Fence();
        await DropSessionAsync().ConfigureAwait(false);
    }
}
