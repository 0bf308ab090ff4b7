using Amp.Query.Engine;

namespace Amp.Query.Tests;

public sealed class LimitTests(TestData data) : IClassFixture<TestData>
{
    private const string Endless = "select count(*) as n from range(1000000000000) a";

    [Fact]
    public async Task A_query_past_the_statement_timeout_is_stopped_with_a_clear_error_and_the_engine_keeps_serving()
    {
        using var engine = data.Engine(new QueryEngineOptions { StatementTimeout = TimeSpan.FromSeconds(1), MaxConcurrentQueries = 1 });
        var started = System.Diagnostics.Stopwatch.StartNew();
        var error = await engine.ErrorAsync(Endless);
        Assert.Equal(QueryErrorCodes.QueryTimeout, error.Code);
        Assert.Equal(QueryErrorKind.Timeout, error.Kind);
        Assert.Contains("statement timeout of 1 s", error.Message, StringComparison.Ordinal);
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(20), $"the timeout took {started.Elapsed} to stop the query");
        Assert.Equal(["""{"n":20}"""], await engine.LinesAsync("select count(*) as n from anvil_rpc.blocks"));
    }

    [Fact]
    public async Task A_query_that_times_out_while_streaming_fails_the_stream()
    {
        using var engine = data.Engine(new QueryEngineOptions { StatementTimeout = TimeSpan.FromSeconds(3), MaxConcurrentQueries = 1 });
        var start = await engine.StartAsync("select i from range(1000000000000) t(i)", CancellationToken.None);
        Assert.Null(start.Error);
        using (var query = start.Query!)
        {
            var failure = Assert.Throws<QueryFailedException>(() => { while (query.MoveNext()) { } });
            Assert.Equal(QueryErrorCodes.QueryTimeout, failure.Error.Code);
        }
        Assert.Equal(["""{"n":20}"""], await engine.LinesAsync("select count(*) as n from anvil_rpc.blocks"));
    }

    [Fact]
    public async Task A_query_past_the_memory_limit_is_stopped_with_a_clear_error_and_the_engine_keeps_serving()
    {
        using var engine = data.Engine(new QueryEngineOptions { MemoryLimitBytes = 32L * 1024 * 1024, MaxConcurrentQueries = 1 });
        var error = await engine.ErrorAsync("select count(*) as n from (select i, random() as r from range(50000000) t(i) order by r)");
        Assert.Equal(QueryErrorCodes.MemoryLimitExceeded, error.Code);
        Assert.Contains("memory limit of 32 MiB", error.Message, StringComparison.Ordinal);
        var aggregate = await engine.ErrorAsync("select list(i) as l from range(50000000) t(i)");
        Assert.Equal(QueryErrorCodes.MemoryLimitExceeded, aggregate.Code);
        Assert.Equal(["""{"n":20}"""], await engine.LinesAsync("select count(*) as n from anvil_rpc.blocks"));
    }

    [Fact]
    public async Task Many_concurrent_queries_share_the_bounded_pool()
    {
        using var engine = data.Engine(new QueryEngineOptions { MaxConcurrentQueries = 2, ThreadsPerQuery = 1, StatementTimeout = TimeSpan.FromSeconds(60) });
        var queries = Enumerable.Range(0, 12).Select(i => engine.LinesAsync($"select count(*) + {i} as n from anvil_rpc.blocks"));
        var results = await Task.WhenAll(queries);
        Assert.Equal(Enumerable.Range(0, 12).Select(i => $$"""{"n":{{20 + i}}}"""), results.Select(r => Assert.Single(r)));
    }

    [Fact]
    public async Task When_every_slot_stays_busy_a_query_is_refused_as_busy_and_runs_once_one_frees()
    {
        using var engine = data.Engine(new QueryEngineOptions { MaxConcurrentQueries = 1, StatementTimeout = TimeSpan.FromSeconds(3) });
        var holder = await engine.StartAsync("select * from anvil_rpc.blocks", CancellationToken.None);
        Assert.Null(holder.Error);
        using (holder.Query)
        {
            var busy = await engine.ErrorAsync("select 1 as x");
            Assert.Equal(QueryErrorCodes.ServerBusy, busy.Code);
        }
        Assert.Equal(["""{"x":1}"""], await engine.LinesAsync("select 1 as x"));
    }

    [Fact]
    public void Unusable_options_are_refused_at_construction()
    {
        Assert.Throws<ArgumentException>(() => data.Engine(new QueryEngineOptions { MemoryLimitBytes = 1024 }));
        Assert.Throws<ArgumentException>(() => data.Engine(new QueryEngineOptions { MaxConcurrentQueries = 0 }));
        Assert.Throws<ArgumentException>(() => data.Engine(new QueryEngineOptions { StatementTimeout = TimeSpan.Zero }));
    }
}
