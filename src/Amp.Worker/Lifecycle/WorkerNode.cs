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
                switch (await _acquirer.AcquireAsync(null, ct).ConfigureAwait(false))
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

    /// <summary>Heartbeats until <paramref name="ct"/> is cancelled or the node ID is taken by another process.</summary>
    public async Task<WorkerExit> RunAsync(CancellationToken ct)
    {
        var next = _time.GetUtcNow();
        while (!ct.IsCancellationRequested)
        {
            var incarnation = _current ?? throw new InvalidOperationException("RunAsync before a successful StartAsync");
            var failure = await BeatAsync(incarnation, ct).ConfigureAwait(false);
            if (ct.IsCancellationRequested)
                break;
            if (failure is not null)
            {
                WorkerLog.HeartbeatFailed(_logger, NodeId.Value, incarnation.Epoch.Value, failure);
                incarnation.Fence();
                await DropSessionAsync().ConfigureAwait(false);
                _db.ResetPool();
                if (await ReconnectAsync(incarnation, ct).ConfigureAwait(false) == WorkerExit.Superseded)
                    return WorkerExit.Superseded;
                next = _time.GetUtcNow();
                continue;
            }
            next += _options.HeartbeatInterval;
            var now = _time.GetUtcNow();
            if (next < now)
                next = now; // missed ticks are delayed, not bursted
            try
            {
                await Task.Delay(next - now, _time, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
        return WorkerExit.Stopped;
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

    private async Task<string?> BeatAsync(Incarnation incarnation, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(_options.HeartbeatTimeout);
        try
        {
            var beat = await WorkerRepository.HeartbeatAsync(_session!, NodeId, incarnation.Epoch, timeout.Token).ConfigureAwait(false);
            if (beat is null)
                return $"the workers row no longer belongs to epoch {incarnation.Epoch}";
            incarnation.LastHeartbeatAt = beat.At;
            if (incarnation.SetDraining(beat.DrainingSince is not null))
                WorkerLog.DrainChanged(_logger, NodeId.Value, incarnation.Epoch.Value, incarnation.IsDraining);
            return null;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return null;
        }
        catch (OperationCanceledException)
        {
            return $"no answer within {_options.HeartbeatTimeout.TotalSeconds:0.#}s";
        }
        catch (Exception ex)
        {
            return DbErrors.Describe(ex);
        }
    }

    private async Task<WorkerExit?> ReconnectAsync(Incarnation lost, CancellationToken ct)
    {
        var backoff = new Backoff(_options.ReconnectBackoffInitial, _options.ReconnectBackoffMax);
        var staleBackendPid = (int?)lost.Registration.BackendPid;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                switch (await _acquirer.AcquireAsync(staleBackendPid, ct).ConfigureAwait(false))
                {
                    case LockOutcome.Acquired acquired:
                        var registration = await RegisterAsync(acquired.Session, lost.Epoch, ct).ConfigureAwait(false);
                        WorkerLog.Reconnected(_logger, NodeId.Value, lost.Epoch.Value, registration.Epoch.Value);
                        return null;
                    case LockOutcome.InUse inUse:
                        WorkerLog.Superseded(_logger, NodeId.Value, lost.Epoch.Value, inUse.Holder?.BackendPid);
                        await new IncarnationRepository(_db.DataSource).MarkSupersededAsync(NodeId, lost.Epoch, lost.LastHeartbeatAt, ct).ConfigureAwait(false);
                        return WorkerExit.Superseded;
                }
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

    private async Task DropSessionAsync()
    {
        var session = Interlocked.Exchange(ref _session, null);
        if (session is null)
            return;
        try
        {
            await session.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception)
        {
            // The session is already broken; the server releases its lock when it notices.
        }
    }

    public async ValueTask DisposeAsync()
    {
        _current?.Fence();
        await DropSessionAsync().ConfigureAwait(false);
    }
}
