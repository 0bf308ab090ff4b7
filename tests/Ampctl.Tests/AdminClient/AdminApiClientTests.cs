using Amp.AdminClient;
using Amp.Core.Workers;
using Ampctl.Tests.Fakes;

namespace Ampctl.Tests.AdminClient;

public sealed class AdminApiClientTests : IAsyncLifetime
{
    private FakeAdminApi _api = null!;

    public async Task InitializeAsync() => _api = await FakeAdminApi.StartAsync();

    public async Task DisposeAsync() => await _api.DisposeAsync();

    private AdminApiClient Client(string? token = null) => new(new Uri(_api.Url), token);

    [Fact]
    public async Task Get_worker_returns_the_typed_worker_and_the_raw_body()
    {
        _api.Respond("/workers/worker-01", 200, CannedWorkers.Worker01);
        using var client = Client();

        var result = await client.GetWorkerAsync(NodeId.Parse("worker-01"));

        Assert.True(result.IsSuccess);
        Assert.Equal(CannedWorkers.Worker01, result.RawJson);
        var w = result.Value.Worker;
        Assert.Null(result.Value.History);
        Assert.Equal("worker-01", w.NodeId.Value);
        Assert.Equal(WorkerStatus.Active, w.Status);
        Assert.Equal("v0.1.0-3-gabcdef0", w.Info.Version);
        Assert.Equal("0123456789abcdef0123456789abcdef01234567", w.Info.CommitSha);
        Assert.Equal(new DateTimeOffset(2026, 11, 29, 18, 25, 1, TimeSpan.Zero), w.HeartbeatAt);
        Assert.Equal(412, w.HeartbeatAgeMs);
        Assert.Equal(286, w.UptimeSeconds);
        Assert.Equal(new Epoch(1), w.Epoch);
        Assert.Equal(2, w.RunningJobs);
        Assert.Null(w.DrainingSince);
    }

    [Fact]
    public async Task List_reads_nullable_uptime_and_unknown_build_info()
    {
        _api.Respond("/workers", 200, CannedWorkers.List);
        using var client = Client();

        var result = await client.ListWorkersAsync();

        Assert.True(result.IsSuccess);
        Assert.Equal(["worker-01", "worker-02"], result.Value.Workers.Select(w => w.NodeId.Value));
        Assert.Null(result.Value.Workers[1].UptimeSeconds);
        Assert.Equal("unknown", result.Value.Workers[1].Info.CommitTimestamp);
    }

    [Fact]
    public async Task Api_errors_are_values_with_status_code_and_message()
    {
        _api.Respond("/workers/w9", 404, CannedWorkers.Error("WORKER_NOT_FOUND", "no worker 'w9'"));
        using var client = Client();

        var result = await client.GetWorkerAsync(NodeId.Parse("w9"));

        Assert.False(result.IsSuccess);
        Assert.Equal(new AdminApiError(404, AdminErrorCodes.WorkerNotFound, "no worker 'w9'"), result.Error);
    }

    [Fact]
    public async Task An_error_without_an_api_error_body_is_an_unexpected_response()
    {
        _api.Respond("/workers", 405, "");
        using var client = Client();

        var result = await client.ListWorkersAsync();

        Assert.Equal(405, result.Error!.HttpStatus);
        Assert.Equal(AdminErrorCodes.UnexpectedResponse, result.Error.ErrorCode);
        Assert.Contains("HTTP 405", result.Error.ErrorMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"workers":[{"node_id":"worker-01"}]}""")]
    [InlineData("""{"workers":null}""")]
    [InlineData("""{"node":"x"}""")]
    [InlineData("null")]
    [InlineData("not json")]
    public async Task A_success_body_that_breaks_the_contract_is_an_invalid_response(string body)
    {
        _api.Respond("/workers", 200, body);
        using var client = Client();

        var result = await client.ListWorkersAsync();

        Assert.Equal(AdminErrorCodes.InvalidResponse, result.Error!.ErrorCode);
    }

    [Fact]
    public async Task The_token_is_sent_as_a_bearer_token()
    {
        _api.Respond("/workers?status=inactive", 200, CannedWorkers.EmptyList);
        using var client = Client("tok");

        var result = await client.ListWorkersAsync(WorkerStatus.Inactive);

        Assert.True(result.IsSuccess);
        Assert.Equal("Bearer tok", Assert.Single(_api.Requests).Authorization);
    }

    [Fact]
    public async Task A_server_that_accepts_but_never_answers_is_unreachable_after_the_timeout()
    {
        var silent = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        silent.Start();
        try
        {
            var url = $"http://127.0.0.1:{((System.Net.IPEndPoint)silent.LocalEndpoint).Port}";
            using var client = new AdminApiClient(new Uri(url), timeout: TimeSpan.FromMilliseconds(300));

            var result = await client.ListWorkersAsync();

            Assert.Equal(0, result.Error!.HttpStatus);
            Assert.Equal(AdminErrorCodes.ControllerUnreachable, result.Error.ErrorCode);
            Assert.StartsWith($"cannot reach the Admin API at {url}: no response within 0.3s;", result.Error.ErrorMessage, StringComparison.Ordinal);
        }
        finally
        {
            silent.Stop();
        }
    }

    [Fact]
    public async Task Cancellation_by_the_caller_is_not_turned_into_an_error()
    {
        _api.Respond("/workers", 200, CannedWorkers.EmptyList);
        using var client = Client();
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.ListWorkersAsync(ct: cts.Token));
    }

    [Fact]
    public void Only_absolute_http_urls_are_accepted()
    {
        Assert.Throws<ArgumentException>(() => new AdminApiClient(new Uri("ftp://x/")));
        using var client = new AdminApiClient(new Uri("http://localhost:1610/"));
        Assert.Equal("http://localhost:1610", client.BaseUrl);
    }
}
