namespace Amp.MetadataDb.Postgres.Tests.Support;

public static class Posix
{
    public static bool IsRoot => PosixSignals.IsRoot;

    /// <summary>Uid the server should run as: postgres's when the test runs as root, else the test's own.</summary>
    public static uint ExpectedServerUid => IsRoot ? PostgresUser.Lookup(PostgresUser.DefaultName).Uid : PosixSignals.EffectiveUserId;

    public static bool IsGone(int pid) => !PosixSignals.IsAlive(pid);
}
