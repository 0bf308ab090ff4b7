using Ampctl.Tests.Jobs.Support;

namespace Ampctl.Tests.Jobs;

public sealed class JobRemoveCliTests : IAsyncLifetime
{
    private FakeJobsApi _api = null!;

    public async Task InitializeAsync()
    {
        _api = await FakeJobsApi.StartAsync();
        _api.Respond("DELETE", "/jobs/9", 204)
            .Respond("DELETE", "/jobs/12", 409, CannedJobs.Error("JOB_CONFLICT", "job 12 is RUNNING; stop it with 'ampctl job stop 12' before removing it"));
    }

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Theory]
    [InlineData("rm")]
    [InlineData("remove")]
    public async Task Remove_sends_a_delete_and_confirms(string verb)
    {
        var run = await CliRun.RunAsync("job", verb, "9", "--admin-url", _api.Url);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("✓ Job 9 removed\n", run.Stdout);
        var request = Assert.Single(_api.Requests, r => r.Method != "GET");
        Assert.Equal(("DELETE", "/jobs/9"), (request.Method, request.PathAndQuery));
    }

    [Fact]
    public async Task Remove_json_names_the_job()
    {
        var run = await CliRun.RunAsync("job", "rm", "9", "--json", "--admin-url", _api.Url);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("""{"job_id":9}""" + "\n", run.Stdout);
    }

    [Fact]
    public async Task Removing_an_active_job_exits_1_with_the_api_message()
    {
        var run = await CliRun.RunAsync("job", "rm", "12", "--admin-url", _api.Url);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("", run.Stdout);
        Assert.Equal("✗ job 12 is RUNNING; stop it with 'ampctl job stop 12' before removing it (JOB_CONFLICT)\n", run.Stderr);
    }
}
