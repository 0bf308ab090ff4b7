using Amp.MetadataDb.Workers;
using Npgsql;

namespace Amp.Worker.Lifecycle;

/// <summary>What happened when a process asked for its node ID's lock.</summary>
public abstract record LockOutcome
{
    private LockOutcome() { }

    /// <summary>The lock is ours; <see cref="Session"/> holds it for as long as it stays open.</summary>
    public sealed record Acquired(NpgsqlConnection Session) : LockOutcome;

    /// <summary>Another live session holds the node ID.</summary>
    public sealed record InUse(LockHolder? Holder) : LockOutcome;
}
