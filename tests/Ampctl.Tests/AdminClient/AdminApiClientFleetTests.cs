using Amp.AdminClient;
using Amp.Core.Workers;
using Ampctl.Tests.Fakes;

namespace Ampctl.Tests.AdminClient;

/// <summary>The fleet-operations endpoints of the typed client: history, fleet summary, drain, retire, safe-to-stop.</summary>
public sealed class AdminApiClientFleetTests : IAsyncLifetime
{
    private static readonly NodeId W1 = NodeId.Parse("worker-01");
    private FakeAdminApi _api = null!;

    public async Task InitializeAsync() => _api = await FakeAdminApi.StartAsync();

    public async Task DisposeAsync() => await _api.DisposeAsync();

    private AdminApiClient Client() => new(new Uri(_api.Url));

    [Fact]
    public async Task Worker_detail_carries_the_lifecycle_fields_and_the_history_summary()
    {
        _api.Respond("/workers/worker-01", 200, CannedWorkers.Worker01Detail);
        using var client = Client();

        var result = await client.GetWorkerAsync(W1);

        Assert.True(result.IsSuccess, result.Error?.ToString());
        var (w, history) = (result.Value.Worker, result.Value.History!);
        Assert.Equal(new DateTimeOffset(2026, 11, 29, 18, 24, 0, TimeSpan.Zero), w.DrainingSince);
        Assert.Equal(new DateTimeOffset(2026, 11, 29, 18, 24, 1, TimeSpan.Zero), w.DrainAcknowledgedAt);
        Assert.Null(w.RetiredAt);
        Assert.Equal(3, w.RunningJobs);
        Assert.Equal(2, history.IncarnationCount);
        Assert.Equal([2L, 1L], history.RecentIncarnations.Select(i => i.Epoch.Value));
        Assert.True(history.RecentIncarnations[0].IsOpen);
        Assert.Equal(IncarnationEndReason.Crashed, history.RecentIncarnations[1].EndReason);
        Assert.Equal(1, history.DuplicateStartCount);
        Assert.Equal(("h2", 99), (history.RecentDuplicateStarts[0].Host, history.RecentDuplicateStarts[0].Pid));
    }

    [Fact]
    public async Task Incarnations_endpoint_reads_every_incarnation_and_refused_start()
    {
        _api.Respond("/workers/worker-01/incarnations", 200, CannedHistory.Incarnations);
        using var client = Client();

        var result = await client.GetWorkerIncarnationsAsync(W1);

        Assert.True(result.IsSuccess, result.Error?.ToString());
        Assert.Equal(W1, result.Value.NodeId);
        Assert.Equal(3, result.Value.Incarnations.Count);
        Assert.Equal(IncarnationEndReason.ConnectionLost, result.Value.Incarnations[2].EndReason);
        Assert.Equal(new DateTimeOffset(2026, 11, 29, 18, 21, 0, TimeSpan.Zero), Assert.Single(result.Value.DuplicateStarts).RefusedAt);
        Assert.Equal(CannedHistory.Incarnations, result.RawJson);
    }

    [Fact]
    public async Task An_unknown_end_reason_breaks_the_contract()
    {
        _api.Respond("/workers/worker-01/incarnations", 200, CannedHistory.Incarnations.Replace("\"crashed\"", "\"vanished\"", StringComparison.Ordinal));
        using var client = Client();

        var result = await client.GetWorkerIncarnationsAsync(W1);

        Assert.Equal(AdminErrorCodes.InvalidResponse, result.Error!.ErrorCode);
        Assert.Contains("vanished", result.Error.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fleet_summary_reads_counts_versions_and_the_24h_field()
    {
        _api.Respond("/fleet", 200, CannedHistory.Fleet);
        using var client = Client();

        var result = await client.GetFleetAsync();

        Assert.True(result.IsSuccess, result.Error?.ToString());
        var fleet = result.Value;
        Assert.Equal(3, fleet.WorkersTotal);
        Assert.Equal((2, 0, 1), (fleet.ByStatus.Active, fleet.ByStatus.Stalled, fleet.ByStatus.Inactive));
        Assert.Equal(["v1.2.0", "v1.1.0"], fleet.ByVersion.Select(v => v.Version));
        Assert.Equal(4, fleet.DuplicateStarts24h);
        Assert.Equal((1, 2), (fleet.Draining, fleet.Retired));
        Assert.Equal(new DateTimeOffset(2026, 11, 20, 10, 0, 0, TimeSpan.Zero), fleet.OldestRunningCommitTimestamp);
    }

    [Fact]
    public async Task Fleet_summary_without_the_24h_count_breaks_the_contract()
    {
        _api.Respond("/fleet", 200, CannedHistory.Fleet.Replace("\"duplicate_starts_24h\"", "\"duplicate_starts24h\"", StringComparison.Ordinal));
        using var client = Client();

        var result = await client.GetFleetAsync();

        Assert.Equal(AdminErrorCodes.InvalidResponse, result.Error!.ErrorCode);
    }

    [Fact]
    public async Task Actions_are_posts_and_return_the_worker()
    {
        var drained = CannedFleet.Worker("worker-01", drainingSince: "2026-11-29T18:24:00Z");
        _api.Respond("POST", "/workers/worker-01/drain", 200, drained)
            .Respond("POST", "/workers/worker-01/undrain", 200, CannedFleet.Worker("worker-01"))
            .Respond("POST", "/workers/worker-01/retire", 409, CannedWorkers.Error(AdminErrorCodes.WorkerActive, "stop it first"));
        using var client = new AdminApiClient(new Uri(_api.Url), "tok");

        var drain = await client.DrainWorkerAsync(W1);
        var undrain = await client.UndrainWorkerAsync(W1);
        var retire = await client.RetireWorkerAsync(W1);

        Assert.True(drain.Value!.IsDraining);
        Assert.Equal(drained, drain.RawJson);
        Assert.False(undrain.Value!.IsDraining);
        Assert.Equal(new AdminApiError(409, AdminErrorCodes.WorkerActive, "stop it first"), retire.Error);
        Assert.All(_api.Requests, r => Assert.Equal(("POST", "Bearer tok"), (r.Method, r.Authorization)));
    }

    [Fact]
    public async Task Safe_to_stop_reads_the_verdict()
    {
        _api.Respond("/workers/worker-01/safe-to-stop", 200, CannedHistory.SafeToStop(false, "2 jobs running"));
        using var client = Client();

        var result = await client.GetSafeToStopAsync(W1);

        Assert.True(result.IsSuccess, result.Error?.ToString());
        Assert.False(result.Value.Safe);
        Assert.Equal("2 jobs running", result.Value.Reason);
        Assert.Equal(2, result.Value.RunningJobs);
    }

    [Fact]
    public async Task Include_retired_is_a_query_parameter()
    {
        _api.Respond("/workers?status=inactive&include_retired=true", 200, CannedWorkers.EmptyList);
        using var client = Client();

        var result = await client.ListWorkersAsync(WorkerStatus.Inactive, includeRetired: true);

        Assert.True(result.IsSuccess, result.Error?.ToString());
    }

    [Fact]
    public async Task A_worker_from_a_controller_without_lifecycle_fields_still_reads()
    {
        _api.Respond("/workers", 200, CannedWorkers.List);
        using var client = Client();

        var result = await client.ListWorkersAsync();

        var old = result.Value!.Workers[1];
        Assert.Equal((null, null, null, 0), (old.DrainingSince, old.DrainAcknowledgedAt, old.RetiredAt, old.RunningJobs));
    }
}
