using Xunit.Abstractions;

namespace Amp.Jobs.Tests;

public sealed class LoadFleet() : JobFleet(["l1", "l2", "l3"]);

public class LoadTests(LoadFleet fleet, ITestOutputHelper output) : IClassFixture<LoadFleet>
{
    [Fact]
    public async Task Two_hundred_jobs_over_three_workers_all_complete_with_one_owner_at_a_time()
    {
        var ids = new List<long>();
        for (var i = 0; i < 200; i++)
            ids.Add(await fleet.PostJobAsync($$"""{"kind":"sleep","seconds":{{i % 2}}}"""));

        await Eventually.UntilAsync(async () => await fleet.CountAsync(
            "SELECT count(*) FROM jobs_status WHERE job_id = ANY($1) AND status = 'COMPLETED'", ids.ToArray()) == 200,
            "all 200 jobs to complete", TimeSpan.FromSeconds(120));

        Assert.Empty(await OwnershipLedger.ViolationsAsync(fleet.Db));
        foreach (var node in fleet.NodeIds)
        {
            var ran = await fleet.CountAsync("SELECT count(DISTINCT job_id) FROM job_events WHERE node_id = $1 AND event_type = 'COMPLETED' AND job_id = ANY($2)", node, ids.ToArray());
            output.WriteLine($"{node} completed {ran} jobs");
            Assert.InRange(ran, 30, 140);
        }
        Assert.Equal(200L, await fleet.CountAsync("SELECT count(*) FROM job_events WHERE event_type = 'COMPLETED' AND job_id = ANY($1)", ids.ToArray()));
    }
}
