using Ampctl.Tests.Jobs.Support;

namespace Ampctl.Tests.Jobs;

public sealed class JobStopCliTests : IAsyncLifetime
{
    private FakeJobsApi _api = null!;

    public async Task InitializeAsync()
    {
        _api = await FakeJobsApi.StartAsync();
        _api.Respond("PUT", "/jobs/12/stop", 200)
            .Respond("PUT", "/jobs/99/stop", 404, CannedJobs.Error("JOB_NOT_FOUND", "job 99 not found"));
    }

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task Stop_sends_a_put_and_confirms()
    {
        var run = await CliRun.RunAsync("job", "stop", "12", "--admin-url", _api.Url);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("✓ Job 12 stop requested\n", run.Stdout);
        Assert.Equal("", run.Stderr);
        var request = Assert.Single(_api.Requests);
        Assert.Equal(("PUT", "/jobs/12/stop"), (request.Method, request.PathAndQuery));
    }

    [Fact]
    public async Task Stop_json_names_the_job()
    {
        var run = await CliRun.RunAsync("jobs", "stop", "12", "--json", "--admin-url", _api.Url);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("""{"job_id":12}""" + "\n", run.Stdout);
    }

    [Fact]
    public async Task Stopping_a_missing_job_exits_1_with_job_not_found()
    {
        var run = await CliRun.RunAsync("job", "stop", "99", "--json", "--admin-url", _api.Url);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("", run.Stdout);
        Assert.Equal("✗ job not found: 99\n", run.Stderr);
    }
}
