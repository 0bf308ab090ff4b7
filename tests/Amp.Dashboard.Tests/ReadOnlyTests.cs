using System.Globalization;
using Amp.Dashboard.Tests.Support;
using Amp.Testing;

namespace Amp.Dashboard.Tests;

/// <summary>Without an auth token: read-only pages that say why, the outage banner, the query box's errors, and large fleets.</summary>
public sealed class ReadOnlyTests(OpenFleet fleet) : IClassFixture<OpenFleet>
{
    [Fact]
    public async Task Without_a_token_the_dashboard_offers_no_actions_and_says_why()
    {
        var run = await fleet.AmpctlAsync("job", "run", "sleep", "--seconds", "600", "--json");
        Assert.True(run.ExitCode == 0, run.ToString());
        var id = System.Text.Json.JsonDocument.Parse(run.Stdout).RootElement.GetProperty("job_id").GetInt64();

        await using var tab = await fleet.NewPageAsync();
        await tab.OpenAsync("#/workers/worker");
        var actions = await tab.WaitForTextAsync(".actions", t => t.Length > 0, "the worker page's actions area");
        Assert.Contains("No actions: read-only: the Admin API has no auth token", actions, StringComparison.Ordinal);
        Assert.Contains("auth_token", actions, StringComparison.Ordinal);
        Assert.Equal(0, await tab.CountAsync(".actions button"));
        Assert.Contains("Read-only", await tab.TextAsync("#mode"), StringComparison.Ordinal);
        await tab.ScreenshotAsync("worker-read-only");

        await tab.GoAsync($"#/jobs/{id}");
        await tab.WaitForTextAsync("dl.facts", t => t.Contains("sleep", StringComparison.Ordinal), "the job page");
        Assert.Equal(0, await tab.CountAsync(".actions button"));
        Assert.Contains("No actions", await tab.TextAsync(".actions"), StringComparison.Ordinal);
        Assert.Equal(200, (int)(await fleet.Http.PutAsync(new Uri($"{fleet.BaseUrl}/jobs/{id}/stop"), null)).StatusCode);
    }

    [Fact]
    public async Task Query_box_names_the_query_server_it_cannot_reach()
    {
        await using var tab = await fleet.NewPageAsync();
        await tab.OpenAsync("#/datasets");
        await tab.WaitForTextAsync("#datasets", t => t.Length > 0, "the datasets table");
        await tab.Page.EvaluateExpressionAsync("document.querySelector('#q-sql').value = 'SELECT 1 AS one'");
        await tab.ClickButtonAsync("Run query");
        var error = await tab.WaitForTextAsync("#query-result", t => t.Contains("QUERY_SERVER_UNAVAILABLE", StringComparison.Ordinal), "the query box's error");
        Assert.Contains(fleet.QueryUrl, error, StringComparison.Ordinal);
        Assert.Contains("dashboard", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_banner_says_the_controller_is_unreachable_and_goes_once_it_is_back()
    {
        await using var tab = await fleet.NewPageAsync();
        await tab.OpenAsync("#/fleet");
        await tab.WaitForRowAsync("workers", "worker", _ => true, "the fleet");
        Assert.True(await tab.Page.EvaluateExpressionAsync<bool>("document.getElementById('banner').hidden"));
        await tab.MarkAsync();

        fleet.Solo.Kill9();
        await fleet.Solo.WaitForExitAsync(TimeSpan.FromSeconds(30));
        var banner = await tab.WaitForTextAsync("#banner", t => t.Contains("The controller is unreachable", StringComparison.Ordinal), "the outage banner");
        Assert.Contains("keeps retrying", banner, StringComparison.Ordinal);
        Assert.NotEqual("", await tab.RowTextAsync("workers", "worker"));   // the last figures stay on the page
        await tab.ScreenshotAsync("banner-unreachable");

        await fleet.StartSoloAsync();
        await Eventually.UntilAsync(() => tab.Page.EvaluateExpressionAsync<bool>("document.getElementById('banner').hidden"), "the banner to go once solo is back", DashboardPage.Patience);
        Assert.True(await tab.StillMarkedAsync(), "the page reloaded");
    }

    [Fact]
    public async Task A_banner_says_the_database_is_unreachable_and_goes_once_it_is_back()
    {
        await using var tab = await fleet.NewPageAsync();
        await tab.OpenAsync("#/fleet");
        await tab.WaitForRowAsync("workers", "worker", _ => true, "the fleet");
        await tab.MarkAsync();

        // The controller stays up; its database refuses every connection (as when PostgreSQL is down for it).
        var database = fleet.Db.Settings.Database!;
        await AllowConnectionsAsync(database, allow: false);
        try
        {
            var banner = await tab.WaitForTextAsync("#banner", t => t.Contains("The metadata database is unreachable", StringComparison.Ordinal), "the database banner");
            Assert.Contains("keeps retrying", banner, StringComparison.Ordinal);
            Assert.Equal("Disconnected", await tab.TextAsync("#live"));
            Assert.NotEqual("", await tab.RowTextAsync("workers", "worker"));   // the last figures stay on the page
            await tab.ScreenshotAsync("banner-database");
        }
        finally
        {
            await AllowConnectionsAsync(database, allow: true);
            fleet.Db.Db.ResetPool(); // the test's own pooled connections were ended too
        }
        await Eventually.UntilAsync(() => tab.Page.EvaluateExpressionAsync<bool>("document.getElementById('banner').hidden"), "the banner to go once the database is back", DashboardPage.Patience);
        await tab.WaitForTextAsync("#live", t => t.StartsWith("Live", StringComparison.Ordinal), "the live indicator to come back");
        Assert.True(await tab.StillMarkedAsync(), "the page reloaded");
        Assert.False(fleet.Solo.HasExited, fleet.Solo.Output);
    }

    /// <summary>Lets the fleet's database take connections again, or refuses them and ends the open ones.</summary>
    private async Task AllowConnectionsAsync(string database, bool allow)
    {
        var admin = new Npgsql.NpgsqlConnectionStringBuilder(fleet.Db.Settings.ConnectionString) { Database = "postgres", Pooling = false };
        await using var conn = new Npgsql.NpgsqlConnection(admin.ConnectionString);
        await conn.OpenAsync();
        var quoted = "\"" + database.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
        await using (var alter = new Npgsql.NpgsqlCommand($"ALTER DATABASE {quoted} ALLOW_CONNECTIONS {(allow ? "true" : "false")}", conn))
            await alter.ExecuteNonQueryAsync();
        if (allow)
            return;
        await using var end = new Npgsql.NpgsqlCommand("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()", conn);
        end.Parameters.AddWithValue(database);
        await end.ExecuteScalarAsync();
    }

    [Fact]
    public async Task Paged_tables_stay_fast_with_2000_workers_and_10000_jobs()
    {
        await fleet.Db.ExecuteAsync("""
            INSERT INTO workers (node_id, info, heartbeat_at)
            SELECT 'zz-load-' || lpad(i::text, 4, '0'), '{"version":"v0.0.1-load","commit_sha":"0000000000000000000000000000000000000000","commit_timestamp":"2026-01-01T00:00:00Z","build_date":"2026-01-01"}', now() - interval '1 hour'
            FROM generate_series(1, 2000) i
            ON CONFLICT DO NOTHING
            """);
        await fleet.Db.ExecuteAsync("""
            WITH j AS (
              INSERT INTO jobs (idempotency_key, node_id, descriptor)
              SELECT 'load-' || i, 'zz-load-' || lpad((i % 2000 + 1)::text, 4, '0'), '{"kind":"sleep","seconds":1}'
              FROM generate_series(1, 10000) i
              ON CONFLICT DO NOTHING
              RETURNING id, node_id)
            INSERT INTO jobs_status (job_id, node_id, status) SELECT id, node_id, 'COMPLETED' FROM j
            """);

        await using var tab = await fleet.NewPageAsync();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await tab.OpenAsync("#/fleet");
        await tab.WaitForTextAsync(".pager .range", t => t == "Workers 1–100", "the first page of workers");
        var fleetMs = clock.ElapsedMilliseconds;
        Assert.Equal(100, await tab.CountAsync("#workers tbody tr"));
        Assert.Contains("2,00", await tab.TextAsync("#fleet-counts"), StringComparison.Ordinal);
        await tab.ClickButtonAsync("Next page");
        await tab.WaitForTextAsync(".pager .range", t => t == "Workers 101–200", "the second page of workers");
        await tab.ScreenshotAsync("fleet-2000");

        clock.Restart();
        await tab.GoAsync("#/jobs?status=all&kind=sleep");
        await tab.WaitForTextAsync(".pager .range", t => t == "Jobs 1–50", "the first page of jobs");
        var jobsMs = clock.ElapsedMilliseconds;
        Assert.Equal(50, await tab.CountAsync("#jobs tbody tr"));
        await tab.ClickButtonAsync("Next page");
        await tab.WaitForTextAsync(".pager .range", t => t == "Jobs 51–100", "the second page of jobs");

        // Generous bounds for a loaded two-core machine; an unpaged 10,000-row render or a slow query breaks them.
        Assert.True(fleetMs < 15_000, $"the fleet page took {fleetMs} ms");
        Assert.True(jobsMs < 15_000, $"the jobs page took {jobsMs} ms");
        var renderMs = await tab.Page.EvaluateExpressionAsync<double>("(() => { const t = performance.now(); document.querySelector('#jobs').innerText; return performance.now() - t; })()");
        Assert.True(renderMs < 2_000, $"reading the jobs table took {renderMs.ToString(CultureInfo.InvariantCulture)} ms");
    }
}
