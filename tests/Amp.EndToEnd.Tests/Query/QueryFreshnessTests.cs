using System.Text.Json;
using Amp.Testing;

namespace Amp.EndToEnd.Tests.Query;

/// <summary>
/// What a query sees while a continuous job runs on <c>ampd solo</c>: new segments without a restart (change-tracking),
/// and after an anvil reorg, Amp's reorg query answers the repaired chain.
/// </summary>
public sealed class QueryFreshnessTests(QuerySolo solo) : IClassFixture<QuerySolo>
{
    private const string ReorgQuery =
        "SELECT block_num, hash, parent_hash, CAST(EXTRACT(EPOCH FROM timestamp) AS BIGINT) AS timestamp FROM {0}.blocks ORDER BY block_num";

    private async Task<long> CountAsync(string sql) => Assert.Single(await solo.JsonlAsync(sql)).GetProperty("n").GetInt64();

    [Fact]
    public async Task New_blocks_of_a_continuous_job_become_visible_without_a_restart()
    {
        await using var anvil = await Anvil.StartAsync();
        await anvil.MineAsync(5);
        var name = await solo.RegisterAsync("anvil_live", anvil);
        var id = await solo.DeployAsync(name);
        await solo.WaitForJobAsync(id, "RUNNING");
        var sql = $"select count(*) as n from {name}.blocks";
        await Eventually.ValueAsync(() => CountAsync(sql), n => n == 6, "the first 6 blocks to be queryable", TimeSpan.FromSeconds(60));

        await anvil.MineAsync(10);
        await Eventually.ValueAsync(() => CountAsync(sql), n => n == 16, "16 blocks to be queryable without a restart", TimeSpan.FromSeconds(60));
        Assert.Equal(15, Assert.Single(await solo.JsonlAsync($"select max(block_num) as m from {name}.blocks")).GetProperty("m").GetInt64());
    }

    [Fact]
    public async Task Amps_reorg_query_after_a_depth_2_reorg_returns_the_repaired_chain()
    {
        await using var anvil = await Anvil.StartAsync();
        await anvil.MineAsync(5);
        var name = await solo.RegisterAsync("anvil_fork", anvil);
        await solo.WaitForJobAsync(await solo.DeployAsync(name), "RUNNING");
        var sql = string.Format(System.Globalization.CultureInfo.InvariantCulture, ReorgQuery, name);
        await Eventually.ValueAsync(() => solo.JsonlAsync(sql), rows => rows.Count == 6, "blocks 0..5 to be queryable", TimeSpan.FromSeconds(60));
        var before = (await solo.JsonlAsync(sql)).Select(r => r.GetProperty("hash").GetString()).ToList();

        await anvil.ReorgAsync(2);
        await anvil.MineAsync(1);
        var facts = await AnvilFacts.ReadAsync(anvil);
        var expected = facts.Hashes.Select(h => h[2..]).ToList();
        Assert.NotEqual(before[4], expected[4]);

        var rows = await Eventually.ValueAsync(() => solo.JsonlAsync(sql),
            rows => rows.Select(r => r.GetProperty("hash").GetString()).SequenceEqual(expected), "the repaired chain of anvil's 7 blocks", TimeSpan.FromSeconds(90));
        for (var i = 0; i < rows.Count; i++)
        {
            Assert.Equal(i, rows[i].GetProperty("block_num").GetInt64());
            Assert.Equal(JsonValueKind.Number, rows[i].GetProperty("timestamp").ValueKind);
            if (i > 0)
                Assert.Equal(rows[i - 1].GetProperty("hash").GetString(), rows[i].GetProperty("parent_hash").GetString());
        }
    }
}
