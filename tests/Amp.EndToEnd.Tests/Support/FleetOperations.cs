using System.Text.Json;
using Amp.Testing;

namespace Amp.EndToEnd.Tests.Support;

/// <summary>The operator's actions on a live fleet that several Operations/ test classes share.</summary>
public static class FleetOperations
{
    /// <summary>
    /// Rewrites one field of a worker's <c>workers.info</c> row, as if it ran another build. A worker writes its
    /// info only when it registers, so the value stays until the worker restarts.
    /// </summary>
    /// <summary>The build a straggler is moved to by <see cref="MoveToOldBuildAsync"/>.</summary>
    public const string OldVersion = "v0.0.21-8-ga1b2c3d4";
    public const string OldSha = "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678";

    /// <summary>Brings every worker back up on the real build and returns that build.</summary>
    public static async Task<(string Version, string Sha)> StartFromRealBuildsAsync(this AmpFleet fleet)
    {
        await fleet.RestoreAsync();
        await fleet.ResetInfoAsync();
        var info = (await fleet.GetWorkerAsync("worker-01")).GetProperty("info");
        return (info.Str("version"), info.Str("commit_sha"));
    }

    /// <summary>Makes a worker look like it runs <see cref="OldVersion"/> (until it registers again).</summary>
    public static async Task MoveToOldBuildAsync(this AmpFleet fleet, string nodeId)
    {
        await fleet.SetInfoAsync(nodeId, "version", OldVersion);
        await fleet.SetInfoAsync(nodeId, "commit_sha", OldSha);
    }

    public static Task SetInfoAsync(this AmpFleet fleet, string nodeId, string field, string value) =>
        fleet.Db.ExecuteAsync("UPDATE workers SET info = jsonb_set(info, ARRAY[$2::text], to_jsonb($3::text)) WHERE node_id = $1", nodeId, field, value);

    /// <summary>
    /// Undoes <see cref="SetInfoAsync"/> for every worker: each row gets back the build its current incarnation
    /// registered with (from the <c>worker_incarnations</c> ledger).
    /// </summary>
    public static Task ResetInfoAsync(this AmpFleet fleet) =>
        fleet.Db.ExecuteAsync("""
            UPDATE workers w SET info = i.info
            FROM worker_incarnations i
            WHERE i.node_id = w.node_id AND i.epoch = w.epoch
            """);

    /// <summary>The build the worker reports now (<c>info.version</c> of <c>GET /workers/{id}</c>).</summary>
    public static async Task<string> VersionOfAsync(this AmpFleet fleet, string nodeId) =>
        (await fleet.GetWorkerAsync(nodeId)).GetProperty("info").Str("version");

    /// <summary>
    /// Starts a second <c>ampd worker</c> with a node ID a live worker holds and waits for its refusal: exit 1 with
    /// the documented message. Returns the pid of the refused process.
    /// </summary>
    public static async Task<int> StartRefusedDuplicateAsync(this AmpFleet fleet, string nodeId)
    {
        await using var duplicate = AmpProcess.Start(Binaries.Ampd, ["worker", "--node-id", nodeId], fleet.AmpdEnvironment);
        var pid = duplicate.Pid;
        var exit = await duplicate.WaitForExitAsync(TimeSpan.FromSeconds(60));
        Assert.True(exit == 1, duplicate.Output);
        Assert.Contains($"worker node ID '{nodeId}' is already in use", duplicate.Stderr, StringComparison.Ordinal);
        return pid;
    }

    /// <summary>
    /// Brings every worker of the fleet back (starting again any whose process has ended) and waits until all are
    /// active, so a test does not depend on what an earlier test of its class stopped.
    /// </summary>
    public static async Task RestoreAsync(this AmpFleet fleet)
    {
        foreach (var id in fleet.NodeIds.Where(id => fleet.Worker(id).HasExited))
            fleet.StartWorker(id);
        await fleet.WaitUntilAsync(ws => fleet.NodeIds.All(id => ws.TryGetValue(id, out var w) && AmpFleet.Status(w) == "active"),
            "every worker of the fleet to be active", AmpFleet.StartTimeout);
    }

    /// <summary>SIGTERM, then waits for the graceful exit (code 0) and for the API to report the worker inactive.</summary>
    public static async Task<JsonElement> StopGracefullyAsync(this AmpFleet fleet, string nodeId)
    {
        var process = fleet.Worker(nodeId);
        process.Signal(Signals.SIGTERM);
        var exit = await process.WaitForExitAsync(TimeSpan.FromSeconds(30));
        Assert.True(exit == 0, process.Output);
        return await fleet.WaitForStatusAsync(nodeId, "inactive", TimeSpan.FromSeconds(20));
    }

    /// <summary>Node IDs of a <c>{"workers":[…]}</c> body (the API's, or ampctl's <c>--json</c>).</summary>
    public static List<string> NodeIdsOf(string workersJson) =>
        JsonDocument.Parse(workersJson).RootElement.GetProperty("workers").EnumerateArray().Select(w => w.Str("node_id")).ToList();
}
