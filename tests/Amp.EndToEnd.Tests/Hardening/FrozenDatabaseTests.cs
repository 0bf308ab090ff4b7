using System.Diagnostics;
using System.Net;
using System.Text;
using Amp.EndToEnd.Tests.Outages;
using Amp.EndToEnd.Tests.Support;
using Amp.Testing;

namespace Amp.EndToEnd.Tests.Hardening;

/// <summary>
/// The Admin API over a PostgreSQL that hangs (postmaster and every backend SIGSTOPped) or runs out of resources:
/// every database-backed route answers 503 METADATA_DB_UNAVAILABLE within its deadline, says why, and logs no
/// unhandled exception, also when a client gives up first.
/// </summary>
public sealed class FrozenDatabaseTests(DedicatedDatabaseFleet fleet) : IClassFixture<DedicatedDatabaseFleet>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(3); // admin_api.db_timeout_secs default
    private static readonly TimeSpan Slack = TimeSpan.FromSeconds(1.5);

    private static readonly (string Method, string Path, string? Body)[] DatabaseRoutes =
    [
        ("GET", "/workers/worker-01", null), ("GET", "/workers/worker-01/incarnations", null),
        ("GET", "/fleet", null), ("GET", "/jobs", null), ("GET", "/jobs/1", null),
        ("POST", "/jobs", """{"kind":"sleep","seconds":1}"""), ("POST", "/workers/nobody/drain", null), ("GET", "/readyz", null),
        // Last: GET /workers may serve a snapshot up to 500 ms old, taken before the freeze.
        ("GET", "/workers", null),
    ];

    [Fact]
    public async Task Every_database_route_answers_503_within_the_deadline_while_postgres_is_frozen()
    {
        await fleet.WaitForStatusAsync("worker-01", "active");
        var frozen = FrozenProcessTree.Freeze(fleet.Server.ProcessId);
        try
        {
            foreach (var (method, path, body) in DatabaseRoutes)
            {
                var clock = Stopwatch.StartNew();
                ApiResponse answer;
                try
                {
                    answer = await SendAsync(method, path, body);
                }
                catch (TaskCanceledException)
                {
                    throw new Xunit.Sdk.XunitException($"{method} {path} did not answer within 15 s; controller log:\n{string.Join('\n', fleet.Controller.Output.Split('\n').TakeLast(30))}");
                }
                var took = clock.Elapsed;
                Assert.True(answer.Status == HttpStatusCode.ServiceUnavailable, $"{method} {path}: {answer}");
                Assert.Equal("METADATA_DB_UNAVAILABLE", answer.Json.Str("error_code"));
                Assert.True(took <= Deadline + Slack, $"{method} {path} answered after {took.TotalSeconds:0.0}s");
            }
            // The scrape still completes in time and says the database is down.
            var scrape = Stopwatch.StartNew();
            var metrics = await SendAsync("GET", "/metrics", null);
            Assert.True(scrape.Elapsed <= Deadline + Slack, $"/metrics answered after {scrape.Elapsed.TotalSeconds:0.0}s");
            Assert.Equal(HttpStatusCode.OK, metrics.Status);
            Assert.Contains("amp_metadata_db_up 0", metrics.Body, StringComparison.Ordinal);

            // A client that gives up before the deadline leaves no error behind.
            using var impatient = new HttpClient { Timeout = TimeSpan.FromMilliseconds(500) };
            await Assert.ThrowsAnyAsync<TaskCanceledException>(() => impatient.GetAsync(new Uri(fleet.AdminUrl + "/workers")));
            var healthz = await fleet.GetAsync("/healthz");
            Assert.Equal(HttpStatusCode.OK, healthz.Status);
        }
        finally
        {
            frozen.Thaw();
        }
        await Eventually.ValueAsync(() => fleet.GetAsync("/workers"), r => r.Status == HttpStatusCode.OK, "GET /workers to answer 200 again", TimeSpan.FromSeconds(30));
        Assert.DoesNotContain("unhandled exception", fleet.Controller.Output, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Unexpected error", fleet.Controller.Output, StringComparison.Ordinal);
        Assert.False(fleet.Controller.HasExited, fleet.Controller.Output);
    }

    [Theory]
    [InlineData("disk_full", "out of disk space")]
    [InlineData("out_of_memory", "out of memory")]
    [InlineData("too_many_connections", "too many connections")]
    public async Task Insufficient_resources_are_503_naming_the_cause_without_server_paths(string condition, string cause)
    {
        await fleet.WaitForStatusAsync("worker-01", "active");
        await using var conn = await fleet.OpenDatabaseAsync();
        await Exec(conn, $$"""
            CREATE OR REPLACE FUNCTION amp_test_resource_failure() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN RAISE EXCEPTION USING ERRCODE = '{{condition}}', MESSAGE = 'could not extend file "base/16384/2619": No space left on device'; END $$;
            CREATE TRIGGER amp_test_resource_failure BEFORE INSERT ON jobs FOR EACH ROW EXECUTE FUNCTION amp_test_resource_failure();
            """);
        try
        {
            var answer = await SendAsync("POST", "/jobs", """{"kind":"sleep","seconds":1}""");
            Assert.True(answer.Status == HttpStatusCode.ServiceUnavailable, answer.ToString());
            Assert.Equal("METADATA_DB_UNAVAILABLE", answer.Json.Str("error_code"));
            Assert.Contains(cause, answer.Json.Str("error_message"), StringComparison.Ordinal);
            Assert.DoesNotContain("base/16384", answer.Body, StringComparison.Ordinal);
        }
        finally
        {
            await Exec(conn, "DROP TRIGGER amp_test_resource_failure ON jobs; DROP FUNCTION amp_test_resource_failure();");
        }
    }

    private static async Task Exec(Npgsql.NpgsqlConnection conn, string sql)
    {
        await using var cmd = new Npgsql.NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync();
    }

    private async Task<ApiResponse> SendAsync(string method, string path, string? body)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(fleet.AdminUrl + path));
        if (body is not null)
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await fleet.Http.SendAsync(request);
        return new ApiResponse(response.StatusCode, await response.Content.ReadAsStringAsync(), response.Content.Headers.ContentType?.MediaType);
    }
}
