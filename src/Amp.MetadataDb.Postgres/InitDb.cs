using System.Globalization;
using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Amp.MetadataDb.Postgres;

/// <summary>Creates a cluster with <c>initdb</c> when the data directory has no <c>PG_VERSION</c>.</summary>
internal static class InitDb
{
    public const string VersionFile = "PG_VERSION";

    public static bool IsInitialised(string dataDirectory) => File.Exists(Path.Combine(dataDirectory, VersionFile));

    public static string? ClusterVersion(string dataDirectory) =>
        IsInitialised(dataDirectory) ? File.ReadAllText(Path.Combine(dataDirectory, VersionFile)).Trim() : null;

    public static async Task RunAsync(
        PostgresBinaries binaries, PostgresUser? runAs, string dataDirectory, string superuser, ILogger logger, CancellationToken ct)
    {
        Log.InitdbStarted(logger, dataDirectory, superuser);
        var clock = Stopwatch.StartNew();
        // --no-sync: the server runs with fsync=off anyway, so syncing the fresh cluster buys nothing.
        string[] args = ["-D", dataDirectory, "--locale=C", "--encoding=UTF8", "--auth=trust", $"--username={superuser}", "--no-sync"];
        ProcessStartInfo psi = ServerCommand.Create(binaries.Initdb, args, runAs);

        using var process = new Process { StartInfo = psi };
        process.Start();
        process.StandardInput.Close();
        Task<string> stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        Task<string> stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        try
        {
            await process.WaitForExitAsync(ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            throw;
        }
        string output = await stdout.ConfigureAwait(false);
        string errors = await stderr.ConfigureAwait(false);
        foreach (string line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            Log.InitdbOutput(logger, line);

        if (process.ExitCode != 0)
        {
            string user = runAs?.Name ?? Environment.UserName;
            throw new ManagedPostgresException(
                $"initdb failed (exit code {process.ExitCode}) for the PostgreSQL data directory '{dataDirectory}':{Environment.NewLine}" +
                $"{errors.Trim()}{Environment.NewLine}" +
                $"Fix: make sure '{dataDirectory}' is empty (or holds a complete cluster with PG_VERSION) and that user '{user}' " +
                "can write to it; if it holds nothing you need, delete it and start again.");
        }
        Log.InitdbCompleted(logger, dataDirectory, clock.ElapsedMilliseconds);
    }

    /// <summary>Refuses a cluster made by another major version, which the server would reject less clearly.</summary>
    public static void EnsureCompatible(string clusterVersion, int? binaryMajor, string dataDirectory, PostgresBinaries binaries)
    {
        if (binaryMajor is null || !int.TryParse(clusterVersion, NumberStyles.None, CultureInfo.InvariantCulture, out int clusterMajor))
            return;
        if (clusterMajor != binaryMajor)
        {
            throw new ManagedPostgresException(
                $"The data directory '{dataDirectory}' holds a PostgreSQL {clusterMajor} cluster, but '{binaries.Postgres}' is " +
                $"PostgreSQL {binaryMajor}. Fix: set BinDirectory to PostgreSQL {clusterMajor}'s bin directory, upgrade the " +
                "cluster with pg_upgrade, or delete the data directory to start afresh.");
        }
    }
}
