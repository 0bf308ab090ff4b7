using Microsoft.Extensions.Logging;

namespace Amp.MetadataDb.Postgres;

/// <summary>Structured log events of the managed server; event ids are stable (tests and operators match on them).</summary>
internal static partial class Log
{
    public static class Ids
    {
        public const int DataDirectoryCreated = 6201;
        public const int DataDirectoryChowned = 6202;
        public const int AncestorMadeTraversable = 6203;
        public const int DataDirectoryModeFixed = 6204;
        public const int StalePidFile = 6210;
        public const int StaleFileDeleted = 6211;
        public const int OrphanShuttingDown = 6212;
        public const int OrphanKilled = 6213;
        public const int OrphanStopped = 6214;
        public const int LeftoverProcessKilled = 6215;
        public const int InitdbStarted = 6220;
        public const int InitdbCompleted = 6221;
        public const int InitdbOutput = 6222;
        public const int InitdbSkipped = 6223;
        public const int VersionWarning = 6224;
        public const int ServerStarting = 6230;
        public const int ServerReady = 6231;
        public const int ServerOutput = 6232;
        public const int ServerStopping = 6233;
        public const int ServerStopTimeout = 6234;
        public const int ServerExited = 6235;
        public const int ServerExitedUnexpectedly = 6236;
        public const int ServerKilled = 6237;
        public const int ReadinessRetry = 6238;
    }

    [LoggerMessage(Ids.DataDirectoryCreated, LogLevel.Information, "Created PostgreSQL data directory {data_dir}")]
    public static partial void DataDirectoryCreated(ILogger logger, string data_dir);

    [LoggerMessage(Ids.DataDirectoryChowned, LogLevel.Information, "Changed owner of {count} entries in {data_dir} to {user} (this process is root; PostgreSQL runs as {user})")]
    public static partial void DataDirectoryChowned(ILogger logger, string data_dir, int count, string user);

    [LoggerMessage(Ids.AncestorMadeTraversable, LogLevel.Warning, "Added others-execute permission (o+x) to {directory} so that the '{user}' user can reach the PostgreSQL data directory {data_dir}")]
    public static partial void AncestorMadeTraversable(ILogger logger, string directory, string user, string data_dir);

    [LoggerMessage(Ids.DataDirectoryModeFixed, LogLevel.Warning, "Changed mode of {data_dir} from {old_mode} to 0700 (PostgreSQL requires 0700 or 0750)")]
    public static partial void DataDirectoryModeFixed(ILogger logger, string data_dir, string old_mode);

    [LoggerMessage(Ids.StalePidFile, LogLevel.Warning, "Stale postmaster.pid in {data_dir}: {reason}; removing it")]
    public static partial void StalePidFile(ILogger logger, string data_dir, string reason);

    [LoggerMessage(Ids.StaleFileDeleted, LogLevel.Information, "Deleted stale {file} in {data_dir}")]
    public static partial void StaleFileDeleted(ILogger logger, string data_dir, string file);

    [LoggerMessage(Ids.OrphanShuttingDown, LogLevel.Warning, "An orphaned PostgreSQL server (pid {pid}) is running on {data_dir}; sending SIGINT (fast shutdown)")]
    public static partial void OrphanShuttingDown(ILogger logger, string data_dir, int pid);

    [LoggerMessage(Ids.OrphanKilled, LogLevel.Warning, "Orphaned PostgreSQL server (pid {pid}) on {data_dir} did not exit after SIGINT within {seconds} s; sent SIGKILL")]
    public static partial void OrphanKilled(ILogger logger, string data_dir, int pid, double seconds);

    [LoggerMessage(Ids.OrphanStopped, LogLevel.Information, "Orphaned PostgreSQL server (pid {pid}) on {data_dir} is gone")]
    public static partial void OrphanStopped(ILogger logger, string data_dir, int pid);

    [LoggerMessage(Ids.LeftoverProcessKilled, LogLevel.Warning, "Killed leftover PostgreSQL process {pid} ({command}) still working in {data_dir}")]
    public static partial void LeftoverProcessKilled(ILogger logger, string data_dir, int pid, string command);

    [LoggerMessage(Ids.InitdbStarted, LogLevel.Information, "Initialising a new PostgreSQL cluster in {data_dir} (superuser {superuser})")]
    public static partial void InitdbStarted(ILogger logger, string data_dir, string superuser);

    [LoggerMessage(Ids.InitdbCompleted, LogLevel.Information, "initdb finished for {data_dir} in {elapsed_ms} ms")]
    public static partial void InitdbCompleted(ILogger logger, string data_dir, long elapsed_ms);

    [LoggerMessage(Ids.InitdbOutput, LogLevel.Debug, "initdb: {line}")]
    public static partial void InitdbOutput(ILogger logger, string line);

    [LoggerMessage(Ids.InitdbSkipped, LogLevel.Information, "{data_dir} already holds a PostgreSQL {version} cluster; skipping initdb")]
    public static partial void InitdbSkipped(ILogger logger, string data_dir, string version);

    [LoggerMessage(Ids.VersionWarning, LogLevel.Warning, "PostgreSQL {version} found at {binary}; the project targets PostgreSQL 15 or newer")]
    public static partial void VersionWarning(ILogger logger, int version, string binary);

    [LoggerMessage(Ids.ServerStarting, LogLevel.Information, "Started PostgreSQL (pid {pid}) on {data_dir} as {user}")]
    public static partial void ServerStarting(ILogger logger, string data_dir, int pid, string user);

    [LoggerMessage(Ids.ServerReady, LogLevel.Information, "PostgreSQL (pid {pid}) on {data_dir} accepts connections after {elapsed_ms} ms")]
    public static partial void ServerReady(ILogger logger, string data_dir, int pid, long elapsed_ms);

    [LoggerMessage(EventId = Ids.ServerOutput, Message = "postgres[{pid}]: {line}")]
    public static partial void ServerOutput(ILogger logger, LogLevel level, int pid, string line);

    [LoggerMessage(Ids.ServerStopping, LogLevel.Information, "Stopping PostgreSQL (pid {pid}) on {data_dir} with {signal}")]
    public static partial void ServerStopping(ILogger logger, string data_dir, int pid, string signal);

    [LoggerMessage(Ids.ServerStopTimeout, LogLevel.Warning, "PostgreSQL (pid {pid}) on {data_dir} did not exit within {seconds} s of SIGINT; sending SIGKILL")]
    public static partial void ServerStopTimeout(ILogger logger, string data_dir, int pid, double seconds);

    [LoggerMessage(Ids.ServerExited, LogLevel.Information, "PostgreSQL (pid {pid}) on {data_dir} exited with code {exit_code}")]
    public static partial void ServerExited(ILogger logger, string data_dir, int pid, int exit_code);

    [LoggerMessage(Ids.ServerExitedUnexpectedly, LogLevel.Error, "PostgreSQL (pid {pid}) on {data_dir} exited unexpectedly with code {exit_code}")]
    public static partial void ServerExitedUnexpectedly(ILogger logger, string data_dir, int pid, int exit_code);

    [LoggerMessage(Ids.ServerKilled, LogLevel.Warning, "Sent SIGKILL to PostgreSQL (pid {pid}) on {data_dir}")]
    public static partial void ServerKilled(ILogger logger, string data_dir, int pid);

    [LoggerMessage(Ids.ReadinessRetry, LogLevel.Debug, "PostgreSQL (pid {pid}) on {data_dir} not ready yet: {reason}")]
    public static partial void ReadinessRetry(ILogger logger, string data_dir, int pid, string reason);
}
