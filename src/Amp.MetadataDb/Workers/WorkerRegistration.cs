using Amp.Core.Build;
using Amp.Core.Workers;
using Amp.MetadataDb.Incarnations;
using Npgsql;

namespace Amp.MetadataDb.Workers;

/// <summary>The outcome of a registration: the epoch of the new incarnation and the row's timestamps.</summary>
public sealed record Registration(NodeId NodeId, Epoch Epoch, DateTime CreatedAt, DateTime RegisteredAt, int BackendPid);

/// <summary>
/// Registers a node whose advisory lock the session already holds, in one transaction: closes any incarnation
/// left open (its owner is gone), upserts the <c>workers</c> row with the next epoch, opens the new incarnation.
/// </summary>
public static class WorkerRegistration
{
    public static async Task<Registration> RegisterAsync(
        NpgsqlConnection lockSession, NodeId nodeId, BuildInfo info, ProcessOrigin origin, Epoch? ownPreviousEpoch, CancellationToken ct)
    {
        await using var tx = await lockSession.BeginTransactionAsync(ct).ConfigureAwait(false);
        await IncarnationRepository.CloseOpenAsync(lockSession, tx, nodeId, ownPreviousEpoch, ct).ConfigureAwait(false);
        var (epoch, createdAt, registeredAt) = await WorkerRepository.UpsertForRegistrationAsync(lockSession, tx, nodeId, info, ct).ConfigureAwait(false);
        await IncarnationRepository.OpenAsync(lockSession, tx, nodeId, epoch, origin, lockSession.ProcessID, info, ct).ConfigureAwait(false);
        await tx.CommitAsync(ct).ConfigureAwait(false);
        return new Registration(nodeId, epoch, createdAt, registeredAt, lockSession.ProcessID);
    }
}
