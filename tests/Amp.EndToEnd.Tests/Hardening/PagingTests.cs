using System.Net;
using System.Text.Json;
using Amp.EndToEnd.Tests.Support;
using Amp.Testing;

namespace Amp.EndToEnd.Tests.Hardening;

public sealed class PagingFleet() : AmpFleet(["worker-01", "worker-02", "worker-03"]);

/// <summary>Bounded answers: the incarnation history and the worker list page, and ampctl follows the pages.</summary>
public sealed class PagingTests(PagingFleet fleet) : IClassFixture<PagingFleet>
{
    private const string Node = "paged-node";
    private const int Incarnations = 250;
    private const int RefusedStarts = 130;

    private async Task SeedHistoryAsync()
    {
        if (await fleet.Db.ScalarAsync<long>("SELECT count(*) FROM workers WHERE node_id = $1", Node) > 0)
            return;
        await fleet.Db.ExecuteAsync("INSERT INTO workers (node_id, epoch) VALUES ($1, $2)", Node, (long)Incarnations);
        await fleet.Db.ExecuteAsync("""
            INSERT INTO worker_incarnations (node_id, epoch, host, pid, backend_pid, started_at, last_heartbeat_at, ended_at, end_reason)
            SELECT $1, e, 'host-a', 1000 + e, 2000 + e, now() - make_interval(mins => 1000 - e), now() - make_interval(mins => 999 - e),
                   now() - make_interval(mins => 999 - e), 'graceful'
            FROM generate_series(1, $2) AS e
            """, Node, Incarnations);
        await fleet.Db.ExecuteAsync("""
            INSERT INTO worker_duplicate_starts (node_id, host, pid, refused_at)
            SELECT $1, 'host-b', 5000 + n, now() - make_interval(secs => n) FROM generate_series(1, $2) AS n
            """, Node, RefusedStarts);
    }

    [Fact]
    public async Task History_pages_by_100_with_a_cursor_per_list_and_ampctl_reads_every_page()
    {
        await SeedHistoryAsync();
        var first = await fleet.GetAsync($"/workers/{Node}/incarnations");
        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.Equal(100, first.Json.GetProperty("incarnations").GetArrayLength());
        Assert.Equal(100, first.Json.GetProperty("duplicate_starts").GetArrayLength());
        Assert.Equal(Incarnations, first.Json.GetProperty("incarnations")[0].GetProperty("epoch").GetInt64());

        var epochs = new List<long>();
        string? cursor = null;
        do
        {
            var page = await fleet.GetAsync($"/workers/{Node}/incarnations?limit=70{(cursor is null ? "" : "&cursor=" + cursor)}");
            Assert.Equal(HttpStatusCode.OK, page.Status);
            epochs.AddRange(page.Json.GetProperty("incarnations").EnumerateArray().Select(i => i.GetProperty("epoch").GetInt64()));
            cursor = page.Json.TryGetProperty("next_cursor", out var next) ? next.GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture) : null;
        }
        while (cursor is not null);
        Assert.Equal(Enumerable.Range(1, Incarnations).Reverse().Select(e => (long)e), epochs);

        foreach (var bad in new[] { "limit=1001", "limit=0", "limit=x", "cursor=-1", "duplicate_starts_cursor=abc" })
        {
            var refused = await fleet.GetAsync($"/workers/{Node}/incarnations?{bad}");
            Assert.True(refused.Status == HttpStatusCode.BadRequest, $"{bad}: {refused}");
            Assert.Equal("INVALID_QUERY_PARAMETERS", refused.Json.Str("error_code"));
        }

        var cli = await fleet.AmpctlAsync("worker", "history", Node, "--json");
        Assert.True(cli.ExitCode == 0, cli.ToString());
        var all = JsonDocument.Parse(cli.Stdout).RootElement;
        Assert.Equal(Incarnations, all.GetProperty("incarnations").GetArrayLength());
        Assert.Equal(RefusedStarts, all.GetProperty("duplicate_starts").GetArrayLength());
        Assert.Equal(RefusedStarts, all.GetProperty("duplicate_starts").EnumerateArray().Select(d => d.GetProperty("pid").GetInt32()).Distinct().Count());
    }

    [Fact]
    public async Task Worker_list_pages_on_request_and_returns_everyone_without_parameters()
    {
        await fleet.WaitUntilAsync(ws => fleet.NodeIds.All(ws.ContainsKey), "every worker registered");
        var all = await fleet.GetAsync("/workers");
        Assert.Equal(HttpStatusCode.OK, all.Status);
        var everyone = all.Json.GetProperty("workers").EnumerateArray().Select(w => w.GetProperty("node_id").GetString()!).ToList();
        Assert.False(all.Json.TryGetProperty("next_cursor", out _));

        var paged = new List<string>();
        string? cursor = null;
        do
        {
            using var response = await fleet.Http.GetAsync(new Uri($"{fleet.AdminUrl}/workers?limit=2{(cursor is null ? "" : "&cursor=" + cursor)}"));
            Assert.True(response.Headers.Contains("X-Snapshot-Age-Ms"), "the answer says how old its snapshot is");
            var page = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            paged.AddRange(page.GetProperty("workers").EnumerateArray().Select(w => w.GetProperty("node_id").GetString()!));
            cursor = page.TryGetProperty("next_cursor", out var next) ? next.GetString() : null;
        }
        while (cursor is not null);
        Assert.Equal(everyone, paged);

        // Many identical requests at once all answer, from shared snapshots.
        var answers = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => fleet.GetAsync("/workers")));
        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.Status));
        Assert.All(answers, a => Assert.Equal(everyone.Count, a.Json.GetProperty("workers").GetArrayLength()));
    }
}
