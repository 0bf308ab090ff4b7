using Amp.Query.Engine;

namespace Amp.Query.Tests;

public sealed class BadSqlTests(TestData data) : IClassFixture<TestData>
{
    [Theory]
    [InlineData("", QueryErrorCodes.InvalidSqlString)]
    [InlineData("   \n ", QueryErrorCodes.InvalidSqlString)]
    [InlineData(";", QueryErrorCodes.InvalidSqlString)]
    [InlineData("-- only a comment", QueryErrorCodes.InvalidSqlString)]
    [InlineData("selec 1", QueryErrorCodes.SqlParseError)]
    [InlineData("select from where", QueryErrorCodes.SqlParseError)]
    [InlineData("select 1; select 2", QueryErrorCodes.SqlParseError)]
    [InlineData("select * from anvil_rpc.blocks SETTINGS stream = true", QueryErrorCodes.StreamingNotSupported)]
    [InlineData("select no_such_column from anvil_rpc.blocks", QueryErrorCodes.PlanningError)]
    [InlineData("select no_such_function(1)", QueryErrorCodes.PlanningError)]
    [InlineData("select cast('x' as integer)", QueryErrorCodes.ExecutionError)]
    public async Task Bad_sql_gets_the_documented_code(string sql, string code)
    {
        using var engine = data.Engine();
        var error = await engine.ErrorAsync(sql);
        Assert.Equal(code, error.Code);
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
    }

    [Fact]
    public async Task Settings_stream_false_is_accepted_and_ignored()
    {
        using var engine = data.Engine();
        Assert.Equal(["""{"n":20}"""], await engine.LinesAsync("select count(*) as n from anvil_rpc.blocks SETTINGS stream = false"));
    }

    [Fact]
    public async Task Amps_test_query_expressions_run_unchanged()
    {
        // Amp's reorg test query, less parent_hash, which the test table does not have.
        using var engine = data.Engine();
        var lines = await engine.LinesAsync("SELECT block_num, hash, CAST(EXTRACT(EPOCH FROM timestamp) AS BIGINT) AS timestamp FROM anvil_rpc.blocks ORDER BY block_num");
        Assert.Equal(20, lines.Count);
        Assert.Equal($$"""{"block_num":0,"hash":"{{Convert.ToHexStringLower(TestParquet.HashOf(0, 0))}}","timestamp":1655778500}""", lines[0]);
    }
}
