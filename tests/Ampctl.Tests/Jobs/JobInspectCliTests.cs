using Ampctl.Tests.Jobs.Support;

namespace Ampctl.Tests.Jobs;

public sealed class JobInspectCliTests : IAsyncLifetime
{
    private FakeJobsApi _api = null!;

    public async Task InitializeAsync()
    {
        _api = await FakeJobsApi.StartAsync();
        _api.Get("/jobs/12", 200, CannedJobs.Running12)
            .Get("/jobs/9", 200, CannedJobs.Raw9)
            .Get("/jobs/7", 200, CannedJobs.NoDescriptor7)
            .Get("/jobs/99", 404, CannedJobs.Error("JOB_NOT_FOUND", "job 99 not found"));
    }

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task Inspect_prints_the_labelled_block_and_the_descriptor_as_indented_json()
    {
        var run = await CliRun.RunAsync("job", "inspect", "12", "--admin-url", _api.Url);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Stderr);
        Assert.Equal(
            """
            Job ID: 12
            Status: RUNNING
            Worker: worker-01
            Epoch: 3
            Attempts: 1 of 10
            Created: 2026-11-29T18:20:15Z
            Updated: 2026-11-29T18:20:16Z

            Descriptor:
            {
              "kind": "sleep",
              "seconds": 60
            }

            """.ReplaceLineEndings("\n"),
            run.Stdout);
    }

    [Fact]
    public async Task A_descriptor_keeps_every_field_the_server_sent()
    {
        var run = await CliRun.RunAsync("jobs", "get", "9", "--admin-url", _api.Url);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains($"  \"manifest_hash\": \"{CannedJobs.ManifestHash}\",\n  \"end_block\": \"1000\",\n  \"max_writers\": 1,\n  \"verify\": false\n}}\n",
            run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_job_without_descriptor_epoch_or_attempts_says_so()
    {
        var run = await CliRun.RunAsync("job", "inspect", "7", "--admin-url", _api.Url);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Epoch: -\n", run.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("Attempts:", run.Stdout, StringComparison.Ordinal);
        Assert.EndsWith("Descriptor:\nnull\n", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_is_the_api_body_without_whitespace()
    {
        var run = await CliRun.RunAsync("job", "inspect", "12", "--json", "--admin-url", _api.Url);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(CannedJobs.Running12Compact + "\n", run.Stdout);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Missing_job_exits_1_with_job_not_found_on_stderr_only(bool json)
    {
        string[] args = ["job", "inspect", "99", "--admin-url", _api.Url];

        var run = await CliRun.RunAsync(json ? [.. args, "--json"] : args);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("", run.Stdout);
        Assert.Equal("✗ job not found: 99\n", run.Stderr);
    }

    [Fact]
    public async Task A_route_the_server_does_not_know_is_passed_through_not_called_job_not_found()
    {
        var run = await CliRun.RunAsync("job", "inspect", "5", "--admin-url", _api.Url);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("✗ no route (NOT_FOUND)\n", run.Stderr);
    }
}
