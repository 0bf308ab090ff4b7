using Amp.Query.Engine;
using DuckDB.NET.Data;

namespace Amp.Query.Tests;

public sealed class ContainmentTests(TestData data) : IClassFixture<TestData>
{
    [Theory]
    [InlineData("select * from read_csv('/etc/passwd')")]
    [InlineData("select * from read_csv_auto('/etc/passwd')")]
    [InlineData("select * from read_parquet('/etc/passwd')")]
    [InlineData("select * from read_json('/etc/passwd')")]
    [InlineData("select * from read_text('/etc/passwd')")]
    [InlineData("select * from read_blob('/etc/passwd')")]
    [InlineData("select * from glob('/etc/*')")]
    [InlineData("select * from parquet_metadata('/etc/passwd')")]
    [InlineData("select * from duckdb_settings()")]
    [InlineData("select * from query('select 1')")]
    [InlineData("select * from anvil_rpc.blocks, read_csv('/etc/passwd')")]
    [InlineData("select (select count(*) from read_csv('/etc/passwd')) as n")]
    [InlineData("with x as (select * from read_csv('/etc/passwd')) select * from x")]
    [InlineData("select getenv('HOME')")]
    [InlineData("select current_setting('memory_limit')")]
    public async Task File_and_table_functions_are_refused(string sql)
    {
        using var engine = data.Engine();
        Assert.Equal(QueryErrorCodes.FunctionNotAllowed, (await engine.ErrorAsync(sql)).Code);
    }

    [Fact]
    public async Task Reading_a_file_of_the_data_directory_by_path_is_refused()
    {
        using var engine = data.Engine();
        var forked = Path.Combine(data.Catalog.DirectoryOf("_", "anvil_rpc", "latest", "blocks"), "000000010-00000000000000f0.parquet");
        Assert.Equal(QueryErrorCodes.FunctionNotAllowed, (await engine.ErrorAsync($"select * from read_parquet('{forked}')")).Code);
        Assert.Equal(QueryErrorCodes.InvalidTableReference, (await engine.ErrorAsync($"select * from '{forked}'")).Code);
        Assert.Equal(QueryErrorCodes.InvalidTableReference, (await engine.ErrorAsync("select * from '/etc/passwd'")).Code);
    }

    [Theory]
    [InlineData("attach '/tmp/amp-query-escape.db' as x")]
    [InlineData("detach x")]
    [InlineData("copy (select 1) to '/tmp/amp-query-escape.csv'")]
    [InlineData("copy anvil_rpc.blocks to '/tmp/amp-query-escape.parquet'")]
    [InlineData("export database '/tmp/amp-query-escape'")]
    [InlineData("install httpfs")]
    [InlineData("load httpfs")]
    [InlineData("set enable_external_access = true")]
    [InlineData("set memory_limit = '100GB'")]
    [InlineData("reset memory_limit")]
    [InlineData("pragma memory_limit = '100GB'")]
    [InlineData("pragma version")]
    [InlineData("call duckdb_settings()")]
    [InlineData("create table t as select 1")]
    [InlineData("create view v as select 1")]
    [InlineData("insert into anvil_rpc.blocks select * from anvil_rpc.blocks")]
    [InlineData("update anvil_rpc.blocks set block_num = 0")]
    [InlineData("delete from anvil_rpc.blocks")]
    [InlineData("drop view anvil_rpc.blocks")]
    [InlineData("alter view anvil_rpc.blocks rename to x")]
    [InlineData("describe anvil_rpc.blocks")]
    [InlineData("summarize anvil_rpc.blocks")]
    [InlineData("use memory")]
    [InlineData("checkpoint")]
    [InlineData("select 1; attach '/tmp/amp-query-escape.db' as x")]
    public async Task Statements_other_than_one_select_are_refused(string sql)
    {
        using var engine = data.Engine();
        Assert.Equal(QueryErrorCodes.StatementNotAllowed, (await engine.ErrorAsync(sql)).Code);
        Assert.False(File.Exists("/tmp/amp-query-escape.csv"));
        Assert.False(File.Exists("/tmp/amp-query-escape.db"));
    }

    [Theory]
    [InlineData("select * from read_csv('/etc/passwd')", "Permission Error")]
    [InlineData("select * from read_text('/etc/hostname')", "Permission Error")]
    [InlineData("select * from '/etc/passwd'", "")]
    [InlineData("attach '/tmp/amp-query-escape.db' as x", "Permission Error")]
    [InlineData("copy (select 1) to '/tmp/amp-query-escape.csv'", "Permission Error")]
    [InlineData("set enable_external_access = true", "locked")]
    [InlineData("set lock_configuration = false", "locked")]
    [InlineData("set allowed_directories = ['/']", "locked")]
    [InlineData("set autoload_known_extensions = true", "locked")]
    [InlineData("install httpfs", "")]
    [InlineData("load httpfs", "")]
    [InlineData("select * from read_csv('http://127.0.0.1:1/x.csv')", "")]
    public void A_statement_that_got_past_the_parser_check_is_still_stopped_by_duckdb(string sql, string reason)
    {
        using var connection = EngineConnection.Open(new QueryEngineOptions(), [data.Root]);
        using var command = connection.Connection.CreateCommand();
        command.CommandText = sql;
        var exception = Assert.Throws<DuckDBException>(() => command.ExecuteNonQuery());
        Assert.Contains(reason, exception.Message, StringComparison.Ordinal);
        Assert.False(File.Exists("/tmp/amp-query-escape.csv"));
    }

    [Fact]
    public void The_data_directory_stays_readable_to_the_views_after_the_lockdown()
    {
        using var connection = EngineConnection.Open(new QueryEngineOptions(), [data.Root]);
        var file = Path.Combine(data.Catalog.DirectoryOf("_", "anvil_rpc", "latest", "blocks"), "000000000-00000000000000a0.parquet");
        using var command = connection.Connection.CreateCommand();
        command.CommandText = $"select count(*) from read_parquet(['{file}'])";
        Assert.Equal(10L, Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture));
    }
}
