using Amp.Query.Engine;

namespace Amp.Query.Tests;

public sealed class NameResolutionTests(TestData data) : IClassFixture<TestData>
{
    [Fact]
    public async Task Quoted_namespace_name_reads_only_the_canonical_files_of_latest()
    {
        using var engine = data.Engine();
        var lines = await engine.LinesAsync("""select count(*) as n, min(block_num) as lo, max(block_num) as hi, count(distinct hash) as hashes from "_/anvil_rpc".blocks""");
        Assert.Equal(["""{"n":20,"lo":0,"hi":19,"hashes":20}"""], lines);
        var forked = await engine.LinesAsync("""select count(*) as n from "_/anvil_rpc".blocks where right(hex(hash), 2) = '01'""");
        Assert.Equal(["""{"n":0}"""], forked);
    }

    [Fact]
    public async Task Bare_name_means_namespace_underscore_at_latest()
    {
        using var engine = data.Engine();
        Assert.Equal(["""{"n":20}"""], await engine.LinesAsync("select count(*) as n from anvil_rpc.blocks"));
        Assert.Equal(["""{"n":20}"""], await engine.LinesAsync("""select count(*) as n from "_/anvil_rpc@latest".blocks"""));
    }

    [Fact]
    public async Task Revision_picks_the_files_of_that_revision()
    {
        using var engine = data.Engine();
        Assert.Equal(["""{"lo":100,"hi":103}"""], await engine.LinesAsync("""select min(block_num) as lo, max(block_num) as hi from "edge/tricky".blocks"""));
        Assert.Equal(["""{"lo":200,"hi":201}"""], await engine.LinesAsync("""select min(block_num) as lo, max(block_num) as hi from "edge/tricky@1.0.0".blocks"""));
        var joined = await engine.LinesAsync("""
            with v as (select block_num from "edge/tricky@1.0.0".blocks)
            select count(*) as n from "edge/tricky".blocks a, v, anvil_rpc.blocks b where a.block_num > v.block_num - 200 and b.block_num = 0
            """);
        Assert.Equal(["""{"n":8}"""], joined);
    }

    [Fact]
    public async Task A_chain_that_does_not_start_at_start_block_reads_as_empty_with_its_columns()
    {
        using var engine = data.Engine();
        Assert.Equal(["""{"n":0}"""], await engine.LinesAsync("select count(*) as n from late_start.blocks"));
        var (lines, error) = await engine.RunAsync("select hash, difficulty, access_list from late_start.blocks");
        Assert.Null(error);
        Assert.Empty(lines);
    }

    [Theory]
    [InlineData("""select * from "nope/anvil_rpc".blocks""", QueryErrorCodes.DatasetNotFound)]
    [InlineData("select * from nope.blocks", QueryErrorCodes.DatasetNotFound)]
    [InlineData("""select * from "_/anvil_rpc@9.9.9".blocks""", QueryErrorCodes.DatasetNotFound)]
    [InlineData("select * from anvil_rpc.logs", QueryErrorCodes.TableNotFound)]
    [InlineData("select * from blocks", QueryErrorCodes.InvalidTableReference)]
    [InlineData("""select * from "Not A Dataset".blocks""", QueryErrorCodes.InvalidTableReference)]
    [InlineData("select * from memory.main.blocks", QueryErrorCodes.InvalidTableReference)]
    [InlineData("""select * from "_/anvil_rpc@..".blocks""", QueryErrorCodes.InvalidTableReference)]
    [InlineData("""select * from "../anvil_rpc".blocks""", QueryErrorCodes.InvalidTableReference)]
    [InlineData("select * from information_schema.tables", QueryErrorCodes.DatasetNotFound)]
    public async Task Names_that_are_not_dataset_tables_are_refused(string sql, string code)
    {
        using var engine = data.Engine();
        var error = await engine.ErrorAsync(sql);
        Assert.Equal(code, error.Code);
    }

    [Fact]
    public async Task Newly_published_segments_are_visible_without_a_restart()
    {
        using var engine = data.Engine();
        var directory = data.Catalog.DirectoryOf("grow", "chain", "latest", "blocks");
        TestParquet.Write(directory, "000000000-0000000000000010.parquet", 0, 4);
        data.Catalog.Publish("grow", "chain", "latest", "blocks", ["000000000-0000000000000010.parquet"]);
        Assert.Equal(["""{"n":5}"""], await engine.LinesAsync("""select count(*) as n from "grow/chain".blocks"""));

        TestParquet.Write(directory, "000000005-0000000000000011.parquet", 5, 7);
        var version = data.Catalog.Version;
        var changed = false;
        data.Catalog.Changed += (_, _) => changed = true;
        data.Catalog.Publish("grow", "chain", "latest", "blocks", ["000000000-0000000000000010.parquet", "000000005-0000000000000011.parquet"]);
        Assert.True(changed);
        Assert.True(data.Catalog.Version > version);
        Assert.Equal(["""{"n":8}"""], await engine.LinesAsync("""select count(*) as n from "grow/chain".blocks"""));
    }
}
